/**
 * Who is connected and what they may do. Every connection (a Yjs websocket, a socket.io join, an HTTP
 * request) resolves once to a session: its room, its role (from the link it came with) and its address;
 * one function decides every action a session takes (roles.ts says which role may do what).
 */
import type { IncomingMessage } from "node:http";
import type { Role } from "../../lib/roles";
import type { RoomLinks } from "./RoomLinks";

export const ACTIONS = [
  "rooms:create",
  "room:read",
  "room:edit",
  "room:export",
  "presence:update",
  "frames:watch",
  "snapshots:read",
  "snapshots:write",
  /** create, rotate and revoke the room's role links */
  "links:manage",
  /** the witness session's settings: locks, names, the witness's sliders, the array, blur */
  "session:configure",
  /** move sliders that are locked, or that the artist did not give the witness */
  "sliders:locked",
  /** start or regenerate a round of the face array */
  "array:show",
  /** start a round though the artist has not offered the array (everyone's who may show it but the witness's) */
  "array:unoffered",
  /** choose a face of the array (or none of them) */
  "array:pick",
  /** read and export the session record */
  "record:read",
  /** switch the room to another model version (its face re-projected) */
  "model:switch",
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Session {
  /** null for what no room is part of (creating a room) */
  roomId: string | null;
  role: Role;
  /** the link the session came with; null for the room's plain link */
  linkId: string | null;
  /** the client's address, as the per-address limits count it */
  address: string;
  /** why a session of role "none" may do nothing, in words */
  refusal?: string;
}

/** The one decision: may this session take this action? */
export type Authorize = (session: Session, action: Action) => boolean;

/** Opens sessions for requests and asks the authorizer about their actions. */
export interface Gate {
  /** the session of a request to a room; `key` is the token a socket.io join names (else the request's) */
  open(req: IncomingMessage, roomId: string | null, key?: string): Promise<Session>;
  may(session: Session, action: Action): boolean;
}

/** `keyOf`: the link's token a request carries (server/http/requestUrl.ts requestKey). */
export function createGate(
  address: (req: IncomingMessage) => string,
  keyOf: (req: IncomingMessage) => string | null,
  authorize: Authorize,
  links: RoomLinks,
): Gate {
  return {
    async open(req, roomId, key) {
      const base = { roomId, address: address(req) };
      if (roomId === null) return { ...base, role: "editor", linkId: null };
      return { ...base, ...(await links.resolve(roomId, key ?? keyOf(req))) };
    },
    may: authorize,
  };
}
