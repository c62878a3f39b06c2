/**
 * POST /api/rooms/:id/photo, "start from a photo": one portrait (multipart, an image of at most 20 MB)
 * cropped and resized as the import does, then fitted; the answer is the sliders and how close the fit
 * came (PSNR against the photo), which the page applies as one undoable step.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { PhotoFit } from "../../lib/api/fitApi";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { Gate } from "../sessions/session";
import { type AdmitFit, FIT_STEPS, runFit } from "./fitJobs";
import { HttpError } from "./readJsonBody";
import { receiveUpload } from "./receiveUpload";
import { requireRoom } from "./requireRoom";
import type { Route } from "./router";
import { sendJson } from "./sendJson";

export interface PhotoFitDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  gate: Gate;
  /** where photos wait for their fit (removed after) */
  uploadDir: string;
  admitFit: AdmitFit;
}

export function photoFitRoutes(d: PhotoFitDeps): Route[] {
  const room = requireRoom(d.openRoom, d.gate);
  return [
    {
      pattern: /^\/api\/rooms\/([^/]+)\/photo$/,
      methods: {
        POST: async (req, res, [id]) => {
          const { entry } = await room(req, id, "room:edit");
          const dir = join(d.uploadDir, `photo-${randomBytes(6).toString("base64url")}`);
          try {
            const result = await d.admitFit(entry.room.id, async () => {
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
  ];
}
