/**
 * Fitting a face with a decoder frozen, in a job process (the server stays responsive; two fits at a time):
 * - POST /api/rooms/:id/photo, "start from a photo": one portrait (multipart, an image of at most 20 MB)
 *   cropped and resized as the import does; the answer is the sliders and how close the fit came (PSNR
 *   against the photo); the page applies them as one undoable step.
 * - POST /api/rooms/:id/model {version}: switches the room to another model version, re-projecting its
 *   face (its image in the old model, fitted with the new decoder) and saying how close it came.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { JobMessage, JobSpec } from "../../facemodel/jobProtocol";
import { type ModelSwitched, type PhotoFit, switchModelSchema } from "../../lib/api/fitApi";
import { startJob } from "../jobs/JobRunner";
import { actorOf } from "../record/recordHooks";
import type { SessionRecord } from "../record/SessionRecord";
import type { ModelRegistry, Renderer } from "../render/ModelRegistry";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { RoomRegistry } from "../rooms/RoomRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { Gate } from "../sessions/session";
import { HttpError, readJsonBody } from "./readJsonBody";
import { receiveUpload } from "./receiveUpload";
import { requireRoom } from "./requireRoom";
import { router } from "./router";
import { sendJson } from "./sendJson";

const MAX_FITS = 2;
const FIT_STEPS = 300;
const FIT_TIMEOUT_MS = 120_000;

export interface FitRouteDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  gate: Gate;
  rooms: RoomRegistry;
  models: ModelRegistry;
  record: SessionRecord;
  /** where photos wait for their fit (removed after) */
  uploadDir: string;
}

export function fitRoutes(d: FitRouteDeps) {
  const room = requireRoom(d.openRoom, d.gate);
  // a fit is seconds of CPU: one every 10 s per room
  const perRoom = new PerClientLimiter(1 / 10, 2);
  let running = 0;
  /** Runs one fit in a job process; its sliders and PSNRs, or 422 saying why it failed. */
  const runFit = async (spec: JobSpec) => {
    let done: Extract<JobMessage, { type: "done" }> | undefined;
    let last = "";
    const job = startJob(spec, (m) => {
      if (m.type === "done") done = m;
      else if (m.type === "log") last = m.line;
    });
    const timer = setTimeout(() => job.cancel(), FIT_TIMEOUT_MS);
    const code = await job.exited.finally(() => clearTimeout(timer));
    const result = done as Extract<JobMessage, { type: "done" }> | undefined;
    if (code !== 0 || !result?.sliders)
      throw new HttpError(422, `the face could not be fitted: ${last || "unreadable"}`);
    return { sliders: result.sliders, psnr: result.psnr ?? 0, startPsnr: result.startPsnr ?? 0 };
  };
  /** Admits one more fit (per room and server-wide), runs `work`, and lets it go. */
  const admitted = async <T>(roomId: string, work: () => Promise<T>): Promise<T> => {
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
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/photo$/,
      methods: {
        POST: async (req, res, [id]) => {
          const { entry } = await room(req, id, "room:edit");
          const dir = join(d.uploadDir, `photo-${randomBytes(6).toString("base64url")}`);
          try {
            const result = await admitted(entry.room.id, async () => {
              const upload = await receiveUpload(req, dir, {
                totalBytes: 21 * 1024 ** 2,
                files: 1,
                imageBytes: 20 * 1024 ** 2,
              });
              const photo = upload.files.find((f) => !f.toLowerCase().endsWith(".zip"));
              if (!photo)
                throw new HttpError(400, upload.rejected[0]?.reason ?? "no JPEG, PNG or WebP photo in the upload");
              return runFit({
                kind: "fit",
                modelDir: entry.renderer.model.dir,
                photo: join(dir, photo),
                steps: FIT_STEPS,
              });
            });
            sendJson<PhotoFit>(res, 200, { ...result, modelVersion: entry.renderer.version });
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/model$/,
      methods: {
        POST: async (req, res, [id]) => {
          const { entry, session } = await room(req, id, "model:switch");
          const { version } = await readJsonBody(req, switchModelSchema);
          const from = entry.renderer;
          if (version === from.version) throw new HttpError(409, `the room already renders with ${version}`);
          const result = await admitted(entry.room.id, async () => {
            let target: Renderer;
            try {
              target = await d.models.acquire(version);
            } catch (error) {
              throw new HttpError(404, `model ${version} cannot be used: ${(error as Error).message}`);
            }
            try {
              const sliders = Array.from(entry.room.sliders());
              const r = await runFit({
                kind: "reproject",
                fromModelDir: from.model.dir,
                toModelDir: target.model.dir,
                sliders,
                steps: FIT_STEPS,
              });
              await d.rooms.switchModel(entry.room.id, version, r.sliders);
              return r;
            } finally {
              d.models.release(version);
            }
          });
          await d.record.appendIfRecording(entry.room.id, {
            kind: "model",
            ...actorOf(session),
            data: { version, from: from.version, psnr: result.psnr },
          });
          sendJson<ModelSwitched>(res, 200, {
            version,
            from: from.version,
            psnr: result.psnr,
            sliders: result.sliders,
          });
        },
      },
    },
  ]);
}
