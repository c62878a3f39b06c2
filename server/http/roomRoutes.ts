/**
 * /api/rooms (create) and /api/rooms/:id (info); the room's faces on request (export, Randomize's sliders,
 * previews) are roomFaceRoutes.ts's.
 */
import { type CreatedRoom, createRoomSchema } from "../../lib/api/roomApi";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { RoomRegistry } from "../rooms/RoomRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { RoomLinks } from "../sessions/RoomLinks";
import { describeRoom } from "./describeRoom";
import { HttpError, readJsonBody } from "./readJsonBody";
import { requireAllowed, requireRoom } from "./requireRoom";
import { type RoomFaceDeps, roomFaceRoutes } from "./roomFaceRoutes";
import { type Handler, router } from "./router";
import { sendJson } from "./sendJson";

const ROOMS_PER_MINUTE = 30;

export interface RoomRouteDeps extends RoomFaceDeps {
  rooms: RoomRegistry;
  /** the model versions: new rooms start on the active one (a room decodes with its own version's scheduler) */
  models: ModelRegistry;
  /** new rooms one address may create per minute (default 30) */
  roomsPerMinute?: number;
  /** a new room's creator gets its artist link */
  links: RoomLinks;
}

export function roomRoutes(d: RoomRouteDeps) {
  const room = requireRoom(d.openRoom, d.gate);
  return router([
    { pattern: /^\/api\/rooms$/, methods: { POST: createHandler(d) } },
    {
      pattern: /^\/api\/rooms\/([^/]+)$/,
      methods: {
        GET: async (req, res, [id]) => {
          const { entry, session } = await room(req, id, "room:read");
          sendJson(res, 200, describeRoom(entry, session.role, d.models));
        },
      },
    },
    ...roomFaceRoutes(d),
  ]);
}

/** A new room, at most `roomsPerMinute` per address; its creator gets the artist link. */
function createHandler(d: RoomRouteDeps): Handler {
  const perMinute = d.roomsPerMinute ?? ROOMS_PER_MINUTE;
  const creations = new PerClientLimiter(perMinute / 60, perMinute);
  return async (req, res) => {
    await requireAllowed(d.gate, req, null, "rooms:create");
    if (!creations.take(d.clientAddress(req))) throw new HttpError(429, `at most ${perMinute} new rooms a minute`);
    const body = await readJsonBody(req, createRoomSchema);
    const entry = await d.rooms.create(body.name ?? "");
    // the creator leads: the artist link (the plain link, the room id, co-edits until a witness joins)
    const { token } = await d.links.create(entry.room.id, "artist");
    sendJson<CreatedRoom>(res, 201, { id: entry.room.id, name: entry.name, key: token });
  };
}
