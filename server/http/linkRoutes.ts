/**
 * /api/rooms/:id/links: the artist's role links. List (never the tokens), create (the token is shown
 * once), rotate (a new token; the old one is refused and its holders disconnected) and revoke. The first
 * witness or viewer link begins the witness session: its record starts, and the room's plain link stops
 * opening it.
 */
import type { IncomingMessage } from "node:http";
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
import { type Handler, router } from "./router";
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
  const changes = linkChanges(d);
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/links$/,
      methods: { GET: listHandler(d), POST: createHandler(d, changes) },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/links\/([A-Za-z0-9_-]{1,16})$/,
      methods: { DELETE: revokeHandler(changes) },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/links\/([A-Za-z0-9_-]{1,16})\/rotate$/,
      methods: { POST: rotateHandler(d, changes) },
    },
  ]);
}

/** The steps the changing routes share: who may change links, issuing one, and revoking one. */
interface LinkChanges {
  /** the room once its artist may manage its links and the room's limit on changes allows one more */
  room(req: IncomingMessage, id: string | undefined): Promise<{ entry: LiveRoom; session: Session }>;
  /** records a new link (starting the witness session for a witness or viewer link) and shows its token */
  issued(entry: LiveRoom, session: Session, link: RoomLink, token: string): Promise<IssuedLink>;
  /** revokes a link other than the session's own and records it; rotated says a new one replaces it */
  revoke(entry: LiveRoom, session: Session, linkId: string, rotated: boolean): Promise<RoomLink>;
}

function linkChanges(d: LinkRouteDeps): LinkChanges {
  const room = requireRoom(d.openRoom, d.gate);
  // per room: a few links a minute is more than a session needs
  const limit = new PerClientLimiter(10 / 60, 20);
  return {
    room: async (req, id) => {
      const found = await room(req, id, "links:manage");
      if (!limit.take(found.entry.room.id))
        throw new HttpError(429, "too many link changes in this room; wait a minute");
      return found;
    },
    issued: async (entry, session, link, token) => {
      if (link.role !== "artist") await d.recorder.start(entry, session);
      await d.record.appendIfRecording(entry.room.id, {
        kind: "link:create",
        ...actorOf(session),
        data: { link: link.id, role: link.role },
      });
      return { ...describe(link), key: token, path: linkPath(entry.room.id, token) };
    },
    revoke: async (entry, session, linkId, rotated) => {
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
    },
  };
}

/** The room's links, never their tokens. */
function listHandler(d: LinkRouteDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  return async (req, res, [id]) => {
    const { entry } = await room(req, id, "links:manage");
    sendJson<LinkSummary[]>(res, 200, (await d.links.list(entry.room.id)).map(describe));
  };
}

/** A new link of the role asked for; its token is shown this once. */
function createHandler(d: LinkRouteDeps, changes: LinkChanges): Handler {
  return async (req, res, [id]) => {
    const { entry, session } = await changes.room(req, id);
    const { role } = await readJsonBody(req, createLinkSchema);
    const { link, token } = await d.links.create(entry.room.id, role);
    sendJson<IssuedLink>(res, 201, await changes.issued(entry, session, link, token));
  };
}

/** Revokes a link: its holders are disconnected and its token refused. */
function revokeHandler(changes: LinkChanges): Handler {
  return async (req, res, [id, linkId]) => {
    const { entry, session } = await changes.room(req, id);
    sendJson<LinkSummary>(res, 200, describe(await changes.revoke(entry, session, linkId as string, false)));
  };
}

/** Replaces a link with a new one of the same role: the old token is refused, the new one shown once. */
function rotateHandler(d: LinkRouteDeps, changes: LinkChanges): Handler {
  return async (req, res, [id, linkId]) => {
    const { entry, session } = await changes.room(req, id);
    const old = await changes.revoke(entry, session, linkId as string, true);
    const { link, token } = await d.links.create(entry.room.id, old.role);
    sendJson<IssuedLink>(res, 201, await changes.issued(entry, session, link, token));
  };
}
