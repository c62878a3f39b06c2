/**
 * A room's faces on request: /api/rooms/:id/face.png (the export), /api/rooms/:id/random-face (Randomize's
 * sliders) and /api/rooms/:id/preview.jpg (a face that is not the room's, such as a morph between two
 * snapshots). Each is limited per address and per room: a room's link holders on many addresses share
 * the room's limit.
 */
import { z } from "zod";
import { drawRandomFace } from "../../facemodel/randomFace";
import { previewSchema, type RandomFace } from "../../lib/api/roomApi";
import { renderPng } from "../render/renderPng";
import type { LiveRoom } from "../rooms/LiveRoom";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { Gate } from "../sessions/session";
import type { ClientAddress } from "./clientAddress";
import { HttpError, readJsonBody } from "./readJsonBody";
import { requestUrl } from "./requestUrl";
import { requireRoom } from "./requireRoom";
import type { Handler, Route } from "./router";
import { sendJson } from "./sendJson";

const scaleSchema = z.coerce.number().int().min(1).max(8);

export interface RoomFaceDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
  /** sessions and what they may do */
  gate: Gate;
}

export function roomFaceRoutes(d: RoomFaceDeps): Route[] {
  return [
    { pattern: /^\/api\/rooms\/([^/]+)\/face\.png$/, methods: { GET: exportHandler(d) } },
    { pattern: /^\/api\/rooms\/([^/]+)\/random-face$/, methods: { GET: randomFaceHandler(d) } },
    // a face that is not the room's (a morph between two snapshots), rendered in the room's model
    { pattern: /^\/api\/rooms\/([^/]+)\/preview\.jpg$/, methods: { POST: previewHandler(d) } },
  ];
}

/** The room's face as a lossless PNG, at 1 to 8 times the model's size, for download. */
function exportHandler(d: RoomFaceDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  // one a second per address, ten at once; and per room, whoever asks
  const exports = new PerClientLimiter(1, 10);
  const roomExports = new PerClientLimiter(3, 10);
  return async (req, res, [id]) => {
    if (!exports.take(d.clientAddress(req)))
      throw new HttpError(429, "too many exports at once; try again in a second");
    const { entry } = await room(req, id, "room:export");
    if (!roomExports.take(entry.room.id))
      throw new HttpError(429, "too many exports of this room at once; try again in a second");
    const scale = scaleSchema.safeParse(requestUrl(req)?.searchParams.get("scale") ?? "1");
    if (!scale.success) throw new HttpError(400, "scale must be an integer from 1 to 8");
    // rides in the room's frame batches, after the frames
    const png = await renderPng(entry.renderer, entry.room.sliders(), scale.data);
    res.writeHead(200, {
      "content-type": "image/png",
      "cache-control": "no-store",
      "content-disposition": 'attachment; filename="likeness-face.png"',
    });
    res.end(png);
  };
}

/** Randomize's face, which the browser then writes into the room: an edit. */
function randomFaceHandler(d: RoomFaceDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  const randomFaces = new PerClientLimiter(5, 20);
  const roomRandomFaces = new PerClientLimiter(10, 40);
  return async (req, res, [id]) => {
    if (!randomFaces.take(d.clientAddress(req)))
      throw new HttpError(429, "too many random faces; try again in a second");
    const { entry } = await room(req, id, "room:edit");
    if (!roomRandomFaces.take(entry.room.id))
      throw new HttpError(429, "too many random faces in this room; try again in a second");
    const sliders = Array.from(drawRandomFace(entry.renderer.model), (v) => Math.round(v * 1e4) / 1e4);
    sendJson<RandomFace>(res, 200, { sliders });
  };
}

/** A face of the request's sliders as a JPEG, through the room's scheduler. */
function previewHandler(d: RoomFaceDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  // a morph slider's previews: a few a second while it moves
  const previews = new PerClientLimiter(10, 20);
  const roomPreviews = new PerClientLimiter(20, 40);
  return async (req, res, [id]) => {
    if (!previews.take(d.clientAddress(req))) throw new HttpError(429, "too many previews; slow down");
    const { entry } = await room(req, id, "room:export");
    if (!roomPreviews.take(entry.room.id)) throw new HttpError(429, "too many previews in this room; slow down");
    const { sliders } = await readJsonBody(req, previewSchema);
    if (sliders.length !== entry.room.latent)
      throw new HttpError(400, `a face has ${entry.room.latent} sliders, not ${sliders.length}`);
    const { jpeg } = await entry.renderer.scheduler.encoded(Float64Array.from(sliders));
    res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "no-store" });
    res.end(jpeg);
  };
}
