/**
 * Who is connected and what they may do. Every connection (a Yjs websocket, a socket.io join, an HTTP
 * request) resolves once to a session: its room, its role and its address; one function decides every
 * action a session takes. Today a room's link is the capability: whoever holds it may do everything in
 * the room. Roles by link (an artist, a witness, a viewer) are decided here, and nowhere else.
 */
import type { IncomingMessage } from "node:http";

export const ACTIONS = [
  "rooms:create",
  "room:read",
  "room:edit",
  "room:export",
  "presence:update",
  "frames:watch",
  "snapshots:read",
  "snapshots:write",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Every link is an editor's until roles by link exist. */
export type Role = "editor";

export interface Session {
  /** null for what no room is part of (creating a room) */
  roomId: string | null;
  role: Role;
  /** the client's address, as the per-address limits count it */
  address: string;
}

/** The one decision: may this session take this action? */
export type Authorize = (session: Session, action: Action) => boolean;

/** Whoever holds a room's link may do everything in it. */
export const linkHoldersMayDoAll: Authorize = () => true;

/** Opens sessions for requests and asks the authorizer about their actions. */
export interface Gate {
  open(req: IncomingMessage, roomId: string | null): Session;
  may(session: Session, action: Action): boolean;
}

export function createGate(address: (req: IncomingMessage) => string, authorize: Authorize): Gate {
  return {
    open: (req, roomId) => ({ roomId, role: "editor", address: address(req) }),
    may: authorize,
  };
}
