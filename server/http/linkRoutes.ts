/**
 * /api/rooms/:id/links: the artist's role links. List (never the tokens), create (the token is shown
 * once), rotate (a new token; the old one is refused and its holders disconnected) and revoke. The first
 * witness or viewer link begins the witness session: its record starts, and the room's plain link stops
 * opening it.
 */
import { createLinkSchema, type IssuedLink, type LinkSummary } from "../../lib/api/linkApi";
import { KEY_PARAM } from "../../lib/roles";
import type { Recorder } from "../record/recordHooks";
import { actorOf } from "../record/recordHooks";
import type { SessionRecord } from "../record/SessionRecord";
import type { LiveRoom } from "../rooms/LiveRoom";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { RoomLink, RoomLinks } from "../sessions/RoomLinks";
import type { Gate, Session } from "../sessions/session";
import { HttpError, readJsonBody } from "./readJsonBody";
import { requireRoom } from "./requireRoom";
import { router } from "./router";
import { sendJson } from "./sendJson";

export interface LinkRouteDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  gate: Gate;
  links: RoomLinks;
  record: SessionRecord;
  recorder: Recorder;
}

const describe = (l: RoomLink): LinkSummary => ({
  id: l.id,
  role: l.role,
  createdAt: l.createdAt.toISOString(),
  revokedAt: l.revokedAt?.toISOString() ?? null,
});
export const linkPath = (roomId: string, token: string) => `/rooms/${roomId}?${KEY_PARAM}=${token}`;

export function linkRoutes(d: LinkRouteDeps) {
  const room = requireRoom(d.openRoom, d.gate);
  // per room: a few links a minute is more than a session needs
  const changes = new PerClientLimiter(10 / 60, 20);
  const created = async (entry: LiveRoom, session: Session, link: RoomLink, token: string) => {
    if (link.role !== "artist") await d.recorder.start(entry, session);
    await d.record.appendIfRecording(entry.room.id, {
      kind: "link:create",
      ...actorOf(session),
      data: { link: link.id, role: link.role },
    });
    const issued: IssuedLink = { ...describe(link), key: token, path: linkPath(entry.room.id, token) };
    return issued;
  };
  const revoke = async (entry: LiveRoom, session: Session, linkId: string, rotated: boolean) => {
    if (linkId === session.linkId)
      throw new HttpError(409, "this is the link you are using: open the room with another artist link to revoke it");
    const reason = rotated
      ? "this link was replaced by a new one: ask the artist for it"
      : "this link was revoked by the artist";
    const link = await d.links.revoke(entry.room.id, linkId, reason);
    if (!link) throw new HttpError(404, "no such link in this room");
    await d.record.appendIfRecording(entry.room.id, {
      kind: "link:revoke",
      ...actorOf(session),
      data: { link: link.id, role: link.role, rotated },
    });
    return link;
  };
  const limited = (roomId: string) => {
    if (!changes.take(roomId)) throw new HttpError(429, "too many link changes in this room; wait a minute");
  };
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/links$/,
      methods: {
        GET: async (req, res, [id]) => {
          const { entry } = await room(req, id, "links:manage");
          sendJson<LinkSummary[]>(res, 200, (await d.links.list(entry.room.id)).map(describe));
        },
        POST: async (req, res, [id]) => {
          const { entry, session } = await room(req, id, "links:manage");
          limited(entry.room.id);
          const { role } = await readJsonBody(req, createLinkSchema);
          const { link, token } = await d.links.create(entry.room.id, role);
          sendJson(res, 201, await created(entry, session, link, token));
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/links\/([A-Za-z0-9_-]{1,16})$/,
      methods: {
        DELETE: async (req, res, [id, linkId]) => {
          const { entry, session } = await room(req, id, "links:manage");
          limited(entry.room.id);
          sendJson<LinkSummary>(res, 200, describe(await revoke(entry, session, linkId as string, false)));
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/links\/([A-Za-z0-9_-]{1,16})\/rotate$/,
      methods: {
        POST: async (req, res, [id, linkId]) => {
          const { entry, session } = await room(req, id, "links:manage");
          limited(entry.room.id);
          const old = await revoke(entry, session, linkId as string, true);
          const { link, token } = await d.links.create(entry.room.id, old.role);
          sendJson(res, 201, await created(entry, session, link, token));
        },
      },
    },
  ]);
}
