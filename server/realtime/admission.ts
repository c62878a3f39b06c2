/**
 * How a connection comes into a room, for both realtime endpoints (Yjs and socket.io's frames) and the
 * room page: the room opened (loaded if need be), the connection's session read from its link and
 * checked for the action; once accepted, the connection holds the room in memory, is closed when the room moves to
 * another instance or its link is revoked, and lets go of both when it ends.
 */
import type { IncomingMessage } from "node:http";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { RoomLinks } from "../sessions/RoomLinks";
import type { Action, Gate, Session } from "../sessions/session";

/** A connection let into a room: the room, and the connection's session. */
export interface Admitted {
  live: LiveRoom;
  session: Session;
}

export type Admission = Admitted | { refused: "not_found" | "forbidden" | "unavailable"; message: string };

/** Whether the request's session may take `action` in the room; `key`: a link token sent apart from the URL. */
export async function admitToRoom(
  openRoom: (id: string) => Promise<LiveRoom | undefined>,
  gate: Gate,
  req: IncomingMessage,
  roomId: string,
  action: Action,
  key?: string,
): Promise<Admission> {
  let live: LiveRoom | undefined;
  try {
    live = await openRoom(roomId);
  } catch (error) {
    // the room exists but cannot be served now (at capacity, or its stored data failed to load)
    return { refused: "unavailable", message: (error as Error).message };
  }
  if (!live) return { refused: "not_found", message: "no such room" };
  const session = await gate.open(req, live.room.id, key);
  if (!gate.may(session, action)) return { refused: "forbidden", message: session.refusal ?? `not allowed: ${action}` };
  return { live, session };
}

/**
 * The connection uses the room from now on: `moved` closes it when the room moves to another instance,
 * `revoked` when its link is revoked. Returns what ends its use.
 */
export function attend(
  { live, session }: Admitted,
  links: RoomLinks,
  close: { moved(reason: string): void; revoked(reason: string): void },
): () => void {
  const leave = live.join(close.moved);
  const detach = links.attach(session.linkId, close.revoked);
  return () => {
    detach();
    leave();
  };
}
