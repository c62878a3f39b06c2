/** /api/rooms (create), /api/rooms/:id (info), /api/rooms/:id/face.png (export) and
 * /api/rooms/:id/random-face (Randomize's sliders). */
import { z } from "zod";
import { drawRandomFace } from "../../facemodel/randomFace";
import { type CreatedRoom, createRoomSchema, previewSchema, type RandomFace } from "../../lib/api/roomApi";
import type { ModelRegistry } from "../render/ModelRegistry";
import { renderPng } from "../render/renderPng";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { RoomRegistry } from "../rooms/RoomRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { RoomLinks } from "../sessions/RoomLinks";
import type { Gate } from "../sessions/session";
import type { ClientAddress } from "./clientAddress";
import { describeRoom } from "./describeRoom";
import { HttpError, readJsonBody } from "./readJsonBody";
import { requestUrl } from "./requestUrl";
import { requireAllowed, requireRoom } from "./requireRoom";
import { router } from "./router";
import { sendJson } from "./sendJson";

const scaleSchema = z.coerce.number().int().min(1).max(8);
const ROOMS_PER_MINUTE = 30;

export interface RoomRouteDeps {
  rooms: RoomRegistry;
  openRoom(id: string): Promise<LiveRoom | undefined>;
  /** the model versions: new rooms start on the active one (a room decodes with its own version's scheduler) */
  models: ModelRegistry;
  /** new rooms one address may create per minute (default 30) */
  roomsPerMinute?: number;
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
  /** sessions and what they may do */
  gate: Gate;
  /** a new room's creator gets its artist link */
  links: RoomLinks;
}

export function roomRoutes(d: RoomRouteDeps) {
  const perMinute = d.roomsPerMinute ?? ROOMS_PER_MINUTE;
  const creations = new PerClientLimiter(perMinute / 60, perMinute);
  // an export decodes outside the frame scheduler: one a second per address, ten at once
  const exports = new PerClientLimiter(1, 10);
  const randomFaces = new PerClientLimiter(5, 20);
  // a morph slider's previews: a few a second while it moves
  const previews = new PerClientLimiter(10, 20);
  const roomPreviews = new PerClientLimiter(20, 40);
  // and per room, whoever asks: a room's link holders on many addresses share these
  const roomExports = new PerClientLimiter(3, 10);
  const roomRandomFaces = new PerClientLimiter(10, 40);
  const room = requireRoom(d.openRoom, d.gate);
  return router([
    {
      pattern: /^\/api\/rooms$/,
      methods: {
        POST: async (req, res) => {
          await requireAllowed(d.gate, req, null, "rooms:create");
          if (!creations.take(d.clientAddress(req)))
            throw new HttpError(429, `at most ${perMinute} new rooms a minute`);
          const body = await readJsonBody(req, createRoomSchema);
          const entry = await d.rooms.create(body.name ?? "");
          // the creator leads: the artist link (the plain link, the room id, co-edits until a witness joins)
          const { token } = await d.links.create(entry.room.id, "artist");
          sendJson<CreatedRoom>(res, 201, { id: entry.room.id, name: entry.name, key: token });
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)$/,
      methods: {
        GET: async (req, res, [id]) => {
          const { entry, session } = await room(req, id, "room:read");
          sendJson(res, 200, describeRoom(entry, session.role, d.models));
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/face\.png$/,
      methods: {
        GET: async (req, res, [id]) => {
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
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/random-face$/,
      methods: {
        GET: async (req, res, [id]) => {
          if (!randomFaces.take(d.clientAddress(req)))
            throw new HttpError(429, "too many random faces; try again in a second");
          // Randomize's face, which the browser then writes into the room: an edit
          const { entry } = await room(req, id, "room:edit");
          if (!roomRandomFaces.take(entry.room.id))
            throw new HttpError(429, "too many random faces in this room; try again in a second");
          const sliders = Array.from(drawRandomFace(entry.renderer.model), (v) => Math.round(v * 1e4) / 1e4);
          sendJson<RandomFace>(res, 200, { sliders });
        },
      },
    },
    {
      // a face that is not the room's (a morph between two snapshots), rendered in the room's model
      pattern: /^\/api\/rooms\/([^/]+)\/preview\.jpg$/,
      methods: {
        POST: async (req, res, [id]) => {
          if (!previews.take(d.clientAddress(req))) throw new HttpError(429, "too many previews; slow down");
          const { entry } = await room(req, id, "room:export");
          if (!roomPreviews.take(entry.room.id)) throw new HttpError(429, "too many previews in this room; slow down");
          const { sliders } = await readJsonBody(req, previewSchema);
          if (sliders.length !== entry.room.latent)
            throw new HttpError(400, `a face has ${entry.room.latent} sliders, not ${sliders.length}`);
          const { jpeg } = await entry.renderer.scheduler.encoded(Float64Array.from(sliders));
          res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "no-store" });
          res.end(jpeg);
        },
      },
    },
  ]);
}
