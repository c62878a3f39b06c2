/**
 * Serves one websocket of the y-websocket protocol (sync + awareness) for a room. Every update and
 * awareness state is validated first; a client that sends invalid data is disconnected with a clear
 * close reason and the room keeps serving everyone else.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  CLOSE_FORBIDDEN,
  CLOSE_INVALID,
  CLOSE_RATE_LIMITED,
  CLOSE_REFUSED,
  CLOSE_RESET,
  CLOSE_TOO_LARGE,
  resetReason,
} from "../../lib/closeCodes";
import { presenceSchema } from "../../lib/presence";
import type { Action } from "../sessions/session";
import { MESSAGE_AWARENESS } from "./AwarenessFanout";
import { type ChangeCheck, InvalidUpdateError, RefusedChangeError, type Room } from "./Room";
import { RateLimiter } from "./rateLimiter";

export const MESSAGE_SYNC = 0;
export { MESSAGE_AWARENESS };

export interface YjsLimits {
  maxMessageBytes: number;
  /** messages one socket may send a second on average, and at once */
  messagesPerSecond: number;
  burst: number;
  /** messages all sockets of one address may send a second (bursts twice that) */
  addressMessagesPerSecond: number;
  /** messages all sockets of one room may send a second (bursts twice that) */
  roomMessagesPerSecond: number;
}

export const DEFAULT_YJS_LIMITS: YjsLimits = {
  maxMessageBytes: 64 * 1024,
  messagesPerSecond: 120,
  burst: 240,
  addressMessagesPerSecond: 360,
  roomMessagesPerSecond: 1200,
};
/** Presences one connection may hold (a browser tab has one; a reconnect may briefly overlap). */
export const MAX_PRESENCES_PER_CONNECTION = 4;
/**
 * Yjs client ids one connection may bring into a room. A browser tab edits under one id for its life;
 * every new id stays in the room's document for good, so a connection that churns them is closed.
 */
export const MAX_CLIENT_IDS_PER_CONNECTION = 4;

class ProtocolError extends Error {}

/** The longest start of `text` that fits in `bytes` bytes of UTF-8, whole characters only. */
function fitBytes(text: string, bytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** An update that adds and deletes nothing (what a client with no changes sends as its sync reply). */
function changesNothing(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** Reads an awareness update's entries and checks each state. */
function readAwareness(update: Uint8Array): AwarenessEntry[] {
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

export interface YjsConnectionOptions {
  limits?: YjsLimits;
  /** told why the connection was dropped */
  onError?: (reason: string) => void;
  /** budgets shared with other sockets (the address's, the room's): false when one is spent */
  shared?: () => boolean;
  /** whether the connection's session may take the action */
  may?: (action: Action) => boolean;
  /** whether an edit is the session's to make */
  check?: ChangeCheck;
  /**
   * the epoch of the document the client holds (the link's `epoch` parameter; 0 when it names none): a
   * document of another epoch is refused at once, and the client starts again from the room's
   */
  epoch: number;
}

export function serveYjs(ws: WebSocket, room: Room, o: YjsConnectionOptions): void {
  const limits = o.limits ?? DEFAULT_YJS_LIMITS;
  const { onError, check } = o;
  const shared = o.shared ?? (() => true);
  const may = o.may ?? (() => true);
  const controlled = new Set<number>();
  /** Yjs client ids this connection brought into the room */
  const introduced = new Set<number>();
  const limiter = new RateLimiter(limits.messagesPerSecond, limits.burst);
  const send = (message: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(message);
  };
  const close = (code: number, reason: string) => {
    onError?.(reason);
    // a close reason is at most 123 bytes, and client text in it (a type's name, a parse error) may be
    // any characters: cut by bytes; a close that throws all the same ends the socket outright
    try {
      ws.close(code, fitBytes(reason, 120));
    } catch {
      ws.terminate();
    }
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === ws) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  };
  const onAwareness = ({ added, removed }: { added: number[]; removed: number[] }, origin: unknown) => {
    if (origin === ws)
      for (const id of added) {
        controlled.add(id);
        room.presenceOwners.set(id, ws);
      }
    // removed by this socket, or by the awareness timeout (30 s without renewal)
    for (const id of removed) if (controlled.delete(id)) room.presenceOwners.delete(id);
  };
  if (o.epoch !== room.epoch) {
    close(CLOSE_RESET, resetReason(room.epoch));
    return;
  }
  // others' changes arrive once durable; presences coalesced by the room
  const stopRelay = room.relay.onRelay(onUpdate);
  // the document was rewritten: this client's is of the old epoch, and starts again
  const stopReset = room.onReset((epoch) => close(CLOSE_RESET, resetReason(epoch)));
  const stopPresence = room.presence.subscribe(send);
  room.awareness.on("update", onAwareness);

  ws.on("message", (data: Buffer, isBinary: boolean) => {
    // a connection being closed (its document reset, its data refused) takes nothing more
    if (ws.readyState !== ws.OPEN) return;
    if (!isBinary) return close(CLOSE_INVALID, "invalid message: text frames are not part of the protocol");
    if (data.byteLength > limits.maxMessageBytes)
      return close(CLOSE_TOO_LARGE, `message larger than ${limits.maxMessageBytes} bytes`);
    if (!limiter.take() || !shared()) return close(CLOSE_RATE_LIMITED, "too many messages");
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const sub = decoding.readVarUint(decoder);
        if (sub === syncProtocol.messageYjsSyncStep1) {
          if (!may("room:read")) return close(CLOSE_FORBIDDEN, "not allowed: room:read");
          // a joining client is sent the durable document: what it sees survives a crash, like every
          // relayed change (the changes still being written reach it through the relay)
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(encoder, room.relay.doc, decoding.readVarUint8Array(decoder));
          send(encoding.toUint8Array(encoder));
        } else if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          if (!may("room:edit")) {
            // a client that may not edit still answers the server's sync with its (empty) changes
            if (changesNothing(update)) return;
            return close(CLOSE_FORBIDDEN, "not allowed: room:edit");
          }
          const { newClients } = room.applyClientUpdate(update, ws, (effects) => {
            const fresh = effects.newClients.filter((id) => !introduced.has(id)).length;
            if (fresh > 0 && introduced.size + fresh > MAX_CLIENT_IDS_PER_CONNECTION)
              throw new InvalidUpdateError(
                `more than ${MAX_CLIENT_IDS_PER_CONNECTION} Yjs client ids on one connection (a client keeps one)`,
              );
            return check?.(effects) ?? null;
          });
          for (const id of newClients) introduced.add(id);
        } else throw new ProtocolError(`unknown sync message ${sub}`);
      } else if (type === MESSAGE_AWARENESS) {
        // presence of a session that may not show it is dropped, not fatal: clients send it on their own
        if (!may("presence:update")) return;
        // y-websocket clients echo everyone's presence back: keep only the entries this socket owns
        // and claim new ones only up to the cap
        let claimable = MAX_PRESENCES_PER_CONNECTION - controlled.size;
        const own = readAwareness(decoding.readVarUint8Array(decoder)).filter((e) => {
          const owner = room.presenceOwners.get(e.clientId);
          if (owner === ws) return true;
          if (owner !== undefined || claimable <= 0) return false;
          claimable--;
          return true;
        });
        if (own.length > 0) awarenessProtocol.applyAwarenessUpdate(room.awareness, writeAwareness(own), ws);
      } else throw new ProtocolError(`unknown message type ${type}`);
    } catch (error) {
      if (error instanceof RefusedChangeError) return close(CLOSE_REFUSED, error.message);
      if (error instanceof InvalidUpdateError || error instanceof ProtocolError)
        return close(CLOSE_INVALID, error.message);
      return close(CLOSE_INVALID, `invalid message: ${(error as Error).message}`);
    }
  });

  // a frame the protocol forbids (unmasked, too large, bad opcode): ws closes the socket after this
  ws.on("error", (error: Error) => onError?.(`websocket error: ${error.message}`));

  ws.on("close", () => {
    stopRelay();
    stopReset();
    stopPresence();
    room.awareness.off("update", onAwareness);
    awarenessProtocol.removeAwarenessStates(room.awareness, [...controlled], null);
    for (const id of controlled) room.presenceOwners.delete(id);
  });

  // the server opens the sync: its durable state vector, then everyone's presence
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, room.relay.doc);
  send(encoding.toUint8Array(encoder));
  const states = [...room.awareness.getStates().keys()];
  if (states.length > 0) send(room.presence.message(states));
}
