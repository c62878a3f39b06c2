/**
 * POST /api/rooms/:id/model {version}: switches the room to another model version, re-projecting its face
 * (its image in the old model, fitted with the new decoder) and saying how close it came; a witness
 * session's record notes the switch.
 */
import { type ModelSwitched, switchModelSchema } from "../../lib/api/fitApi";
import { actorOf } from "../record/recordHooks";
import type { SessionRecord } from "../record/SessionRecord";
import type { ModelRegistry, Renderer } from "../render/ModelRegistry";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { RoomRegistry } from "../rooms/RoomRegistry";
import type { Gate } from "../sessions/session";
import { type AdmitFit, FIT_STEPS, type Fitted, runFit } from "./fitJobs";
import { HttpError, readJsonBody } from "./readJsonBody";
import { requireRoom } from "./requireRoom";
import type { Route } from "./router";
import { sendJson } from "./sendJson";

export interface ModelSwitchDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  gate: Gate;
  rooms: RoomRegistry;
  models: ModelRegistry;
  record: SessionRecord;
  admitFit: AdmitFit;
}

export function modelSwitchRoutes(d: ModelSwitchDeps): Route[] {
  const room = requireRoom(d.openRoom, d.gate);
  return [
    {
      pattern: /^\/api\/rooms\/([^/]+)\/model$/,
      methods: {
        POST: async (req, res, [id]) => {
          const { entry, session } = await room(req, id, "model:switch");
          const { version } = await readJsonBody(req, switchModelSchema);
          const from = entry.renderer;
          if (version === from.version) throw new HttpError(409, `the room already renders with ${version}`);
          const result = await d.admitFit(entry.room.id, () => reproject(d, entry, from, version));
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
  ];
}

/**
 * Fits the room's face, as `from` draws it, in `version` (held while it fits) and switches the room to that
 * version with the fitted sliders.
 */
async function reproject(d: ModelSwitchDeps, entry: LiveRoom, from: Renderer, version: string): Promise<Fitted> {
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
}
