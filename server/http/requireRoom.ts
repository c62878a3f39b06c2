import type { IncomingMessage } from "node:http";
import type { RoomEntry } from "../rooms/RoomRegistry";
import type { Action, Gate } from "../sessions/session";
import { HttpError } from "./readJsonBody";

/** Refuses the request with 403 unless its session may take the action. */
export function requireAllowed(gate: Gate, req: IncomingMessage, roomId: string | null, action: Action): void {
  if (!gate.may(gate.open(req, roomId), action)) throw new HttpError(403, `not allowed: ${action}`);
}

/**
 * The room a route's id names, once the request's session may take the action in it; a 404 when there is
 * no such room (an unknown id and an invalid one look the same).
 */
export const requireRoom =
  (openRoom: (id: string) => Promise<RoomEntry | undefined>, gate: Gate) =>
  async (req: IncomingMessage, id: string | undefined, action: Action): Promise<RoomEntry> => {
    const entry = await openRoom(id ?? "");
    if (!entry) throw new HttpError(404, "no such room");
    requireAllowed(gate, req, entry.room.id, action);
    return entry;
  };
