/** socket.io messages between the browser and the server: schemas that also give the types. */
import { z } from "zod";

/** Room ids: 128 random bits, base64url (22 characters). */
export const roomIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "not a room id");

/** `key`: the token of the link the page was opened with (none for a plain room's link). */
export const joinSchema = z.object({ roomId: roomIdSchema, key: z.string().max(64).optional() }).strict();
export const frameAckSchema = z.object({ seq: z.number().int().nonnegative() }).strict();
/** a page says whether it draws the room's faces itself (then the server may draw only settled states) */
export const drawsLocallySchema = z.object({ on: z.boolean() }).strict();

export interface FrameMessage {
  roomId: string;
  /** increases with every frame rendered for the room */
  seq: number;
  modelVersion: string;
  /** the room document version the frame shows */
  docVersion: number;
  /** the Yjs state vector of the document the frame shows: which edits it includes */
  stateVector: Uint8Array;
  /** the slider values the face shows (float64): a page drawing faces itself knows when this one is current */
  sliders: Float64Array;
  jpeg: Uint8Array;
}

export interface RoomErrorMessage {
  code: "not_found" | "invalid" | "rate_limited" | "unavailable" | "forbidden";
  message: string;
}

export const EVENTS = {
  join: "room:join",
  joined: "room:joined",
  error: "room:error",
  frame: "frame",
  frameAck: "frame:ack",
  /** the page draws faces itself now, or no longer (drawsLocallySchema) */
  drawsLocally: "frames:local",
  /** the room's snapshot list changed: fetch it again */
  snapshots: "snapshots:changed",
} as const;

/** Whether a frame shows the edit that left `clientId`'s Yjs clock at `clockAfter`. */
export function frameIncludes(stateVector: Map<number, number>, clientId: number, clockAfter: number): boolean {
  return (stateVector.get(clientId) ?? 0) >= clockAfter;
}
