/**
 * Fits run in job processes, so the server stays responsive: a fit is seconds of CPU, so a room may start
 * one every 10 s and the server runs two at a time; a fit still running after two minutes is cancelled.
 */
import type { JobMessage, JobSpec } from "../../facemodel/jobProtocol";
import { startJob } from "../jobs/JobRunner";
import { PerClientLimiter } from "../rooms/rateLimiter";
import { HttpError } from "./readJsonBody";

const MAX_FITS = 2;
const FIT_TIMEOUT_MS = 120_000;
/** the steps of every fit (a photo's, a re-projection's) */
export const FIT_STEPS = 300;

/** A fit's result: the sliders, and how close it came (PSNR) at the end and at the start. */
export interface Fitted {
  sliders: number[];
  psnr: number;
  startPsnr: number;
}

/** Admits one more fit in the room (or refuses it with 429 or 503), runs `work`, and lets it go. */
export type AdmitFit = <T>(roomId: string, work: () => Promise<T>) => Promise<T>;

/** Runs one fit in a job process; its sliders and PSNRs, or 422 saying why it failed. */
export async function runFit(spec: JobSpec): Promise<Fitted> {
  let done: Extract<JobMessage, { type: "done" }> | undefined;
  let last = "";
  const job = startJob(spec, (m) => {
    if (m.type === "done") done = m;
    else if (m.type === "log") last = m.line;
  });
  const timer = setTimeout(() => job.cancel(), FIT_TIMEOUT_MS);
  const code = await job.exited.finally(() => clearTimeout(timer));
  const result = done as Extract<JobMessage, { type: "done" }> | undefined;
  if (code !== 0 || !result?.sliders) throw new HttpError(422, `the face could not be fitted: ${last || "unreadable"}`);
  return { sliders: result.sliders, psnr: result.psnr ?? 0, startPsnr: result.startPsnr ?? 0 };
}

/** The server's fit admission: one fit every 10 s per room, at most MAX_FITS at a time. */
export function fitAdmission(): AdmitFit {
  const perRoom = new PerClientLimiter(1 / 10, 2);
  let running = 0;
  return async (roomId, work) => {
    if (!perRoom.take(roomId))
      throw new HttpError(429, "a face was fitted in this room a moment ago; wait a few seconds");
    if (running >= MAX_FITS) throw new HttpError(503, "the server is fitting other faces; try again in a minute");
    running++;
    try {
      return await work();
    } finally {
      running--;
    }
  };
}
