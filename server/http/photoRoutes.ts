/**
 * POST /api/rooms/:id/photo: "start from a photo". One portrait (multipart, an image of at most 20 MB) is
 * cropped and resized as the import does, and its code is fitted with the room's decoder frozen, in a
 * job process (the server stays responsive); the answer is the sliders and how close the fit came
 * (PSNR against the photo). The page applies them as one undoable step. Two fits at a time at most.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { startJob } from "../jobs/JobRunner";
import type { JobMessage } from "../jobs/jobProtocol";
import type { RoomEntry } from "../rooms/RoomRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { Gate } from "../sessions/session";
import { HttpError } from "./readJsonBody";
import { receiveUpload } from "./receiveUpload";
import { requireRoom } from "./requireRoom";
import { router } from "./router";
import { sendJson } from "./sendJson";

const MAX_FITS = 2;
const FIT_STEPS = 300;
const FIT_TIMEOUT_MS = 120_000;

export interface PhotoRouteDeps {
  openRoom(id: string): Promise<RoomEntry | undefined>;
  gate: Gate;
  /** where photos wait for their fit (removed after) */
  uploadDir: string;
}

export function photoRoutes(d: PhotoRouteDeps) {
  const room = requireRoom(d.openRoom, d.gate);
  // a fit is seconds of CPU: one every 10 s per room
  const perRoom = new PerClientLimiter(1 / 10, 2);
  let running = 0;
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/photo$/,
      methods: {
        POST: async (req, res, [id]) => {
          const entry = await room(req, id, "room:edit");
          if (!perRoom.take(entry.room.id))
            throw new HttpError(429, "a photo was fitted a moment ago; wait a few seconds");
          if (running >= MAX_FITS)
            throw new HttpError(503, "the server is fitting other photos; try again in a minute");
          running++;
          const dir = join(d.uploadDir, `photo-${randomBytes(6).toString("base64url")}`);
          try {
            const upload = await receiveUpload(req, dir, {
              totalBytes: 21 * 1024 ** 2,
              files: 1,
              imageBytes: 20 * 1024 ** 2,
            });
            const photo = upload.files.find((f) => !f.toLowerCase().endsWith(".zip"));
            if (!photo)
              throw new HttpError(400, upload.rejected[0]?.reason ?? "no JPEG, PNG or WebP photo in the upload");
            let done: Extract<JobMessage, { type: "done" }> | undefined;
            let last = "";
            const job = startJob(
              { kind: "fit", modelDir: entry.renderer.model.dir, photo: join(dir, photo), steps: FIT_STEPS },
              (m) => {
                if (m.type === "done") done = m;
                else if (m.type === "log") last = m.line;
              },
            );
            const timer = setTimeout(() => job.cancel(), FIT_TIMEOUT_MS);
            const code = await job.exited.finally(() => clearTimeout(timer));
            const fit = done as Extract<JobMessage, { type: "done" }> | undefined;
            if (code !== 0 || !fit?.sliders)
              throw new HttpError(422, `the photo could not be fitted: ${last || "it is not a readable image"}`);
            sendJson(res, 200, {
              sliders: fit.sliders,
              psnr: fit.psnr,
              startPsnr: fit.startPsnr,
              modelVersion: entry.renderer.version,
            });
          } finally {
            running--;
            await rm(dir, { recursive: true, force: true });
          }
        },
      },
    },
  ]);
}
