import type { IncomingMessage } from "node:http";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { Action, Gate, Session } from "../sessions/session";
import { HttpError } from "./readJsonBody";

/** Refuses the request with 403 unless its session may take the action. */
export async function requireAllowed(
  gate: Gate,
  req: IncomingMessage,
  roomId: string | null,
  action: Action,
): Promise<Session> {
  const session = await gate.open(req, roomId);
  if (!gate.may(session, action)) throw new HttpError(403, session.refusal ?? `not allowed: ${action}`);
  return session;
}

/**
 * The room a route's id names, once the request's session may take the action in it; a 404 when there is
 * no such room (an unknown id and an invalid one look the same).
 */
export const requireRoom =
  (openRoom: (id: string) => Promise<LiveRoom | undefined>, gate: Gate) =>
  async (
    req: IncomingMessage,
    id: string | undefined,
    action: Action,
  ): Promise<{ entry: LiveRoom; session: Session }> => {
    const entry = await openRoom(id ?? "");
    if (!entry) throw new HttpError(404, "no such room");
    return { entry, session: await requireAllowed(gate, req, entry.room.id, action) };
  };
