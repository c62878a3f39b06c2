/**
 * The y-websocket protocol's messages as the server reads and writes them: the sync envelope, and awareness
 * updates read entry by entry with each presence checked. A message that breaks the protocol is a
 * ProtocolError.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { presenceSchema } from "../../lib/presence";

export const MESSAGE_SYNC = 0;

/** A message the protocol does not allow (its sender is disconnected). */
export class ProtocolError extends Error {}

/** A sync message whose body `write` encodes. */
export function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** An update that adds and deletes nothing (what a client with no changes sends as its sync reply). */
export function changesNothing(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** Reads an awareness update's entries and checks each state. */
export function readAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 64) throw new ProtocolError("too many awareness entries");
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    const state: unknown = JSON.parse(json);
    if (state !== null) {
      const parsed = presenceSchema.safeParse(state);
      if (!parsed.success) throw new ProtocolError(`invalid presence: ${parsed.error.issues[0]?.message ?? "?"}`);
    }
    entries.push({ clientId, clock, json });
  }
  return entries;
}

/** An awareness update's bytes (as y-protocols encodes them) from its entries. */
export function writeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}
