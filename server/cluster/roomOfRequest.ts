/**
 * Which room a request is about, from its URL alone, so an instance can send it to the room's owner
 * before anything reads it: the Yjs socket (/yjs/<id>), the frame socket (/socket.io/?room=<id>), the
 * room's API (/api/rooms/<id>/…) and its page (/rooms/<id>). Anything else is served where it lands.
 */
import { roomIdSchema } from "../../lib/frameProtocol";

const ROOM_PATHS = [/^\/yjs\/([^/]+)$/, /^\/api\/rooms\/([^/]+)(?:\/.*)?$/, /^\/rooms\/([^/]+)\/?$/];

export function roomOfRequest(url: URL): string | undefined {
  const id = url.pathname.startsWith("/socket.io/")
    ? url.searchParams.get("room")
    : ROOM_PATHS.map((p) => p.exec(url.pathname)?.[1]).find((m) => m !== undefined);
  return id && roomIdSchema.safeParse(id).success ? id : undefined;
}
