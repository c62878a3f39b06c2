/**
 * Serves one websocket of the y-websocket protocol (sync + awareness) for a room. Every message is checked
 * for size and rate before it is read (messageCloses.ts), and every update and awareness state is validated
 * (connectionSync.ts, connectionPresences.ts); a client that sends invalid data is disconnected with a clear
 * close reason and the room keeps serving everyone else.
 */
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import { CLOSE_RESET, resetReason } from "../../lib/closeCodes";
import type { Action } from "../sessions/session";
import { MESSAGE_AWARENESS } from "./AwarenessFanout";
import { ConnectionPresences } from "./connectionPresences";
import { type ConnectionSocket, connectionSocket } from "./connectionSocket";
import { ConnectionSync } from "./connectionSync";
import { type Close, closeFor, refusalOf } from "./messageCloses";
import type { ChangeCheck, Room } from "./Room";
import { RateLimiter } from "./rateLimiter";
import { MESSAGE_SYNC, ProtocolError } from "./yjsProtocol";

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

/** What a connection reads its messages with. */
interface Reader {
  ws: WebSocket;
  socket: ConnectionSocket;
  /** refuses a message before it is read (messageCloses.ts) */
  admit: (data: Buffer, isBinary: boolean) => Close | null;
  may: (action: Action) => boolean;
  sync: ConnectionSync;
  presences: ConnectionPresences;
}

/** Takes one message: refused whole before it is read, else read as sync or awareness; an error closes the socket. */
function takeMessage(r: Reader, data: Buffer, isBinary: boolean): void {
  // a connection being closed (its document reset, its data refused) takes nothing more
  if (r.ws.readyState !== r.ws.OPEN) return;
  const refusal = r.admit(data, isBinary);
  if (refusal) {
    r.socket.close(...refusal);
    return;
  }
  try {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) r.sync.receive(decoder);
    else if (type === MESSAGE_AWARENESS) {
      // presence of a session that may not show it is dropped, not fatal: clients send it on their own
      if (r.may("presence:update")) r.presences.apply(decoding.readVarUint8Array(decoder));
    } else throw new ProtocolError(`unknown message type ${type}`);
  } catch (error) {
    r.socket.close(...closeFor(error));
  }
}

/** Serves the socket for the room until it closes; a client holding a document of another epoch starts again at once. */
export function serveYjs(ws: WebSocket, room: Room, o: YjsConnectionOptions): void {
  const limits = o.limits ?? DEFAULT_YJS_LIMITS;
  const shared = o.shared ?? (() => true);
  const may = o.may ?? (() => true);
  const limiter = new RateLimiter(limits.messagesPerSecond, limits.burst);
  const socket = connectionSocket(ws, o.onError);
  if (o.epoch !== room.epoch) {
    socket.close(CLOSE_RESET, resetReason(room.epoch));
    return;
  }
  const sync = new ConnectionSync(room, ws, socket, {
    may,
    check: o.check,
    maxClientIds: MAX_CLIENT_IDS_PER_CONNECTION,
  });
  // others' changes arrive once durable; presences coalesced by the room
  const stopRelay = room.relay.onRelay(sync.relay);
  // the document was rewritten: this client's is of the old epoch, and starts again
  const stopReset = room.onReset((epoch) => socket.close(CLOSE_RESET, resetReason(epoch)));
  const stopPresence = room.presence.subscribe(socket.send);
  const presences = new ConnectionPresences(room, ws, MAX_PRESENCES_PER_CONNECTION);
  const admit = (data: Buffer, isBinary: boolean) =>
    refusalOf(data, isBinary, limits.maxMessageBytes, () => limiter.take() && shared());
  const reader: Reader = { ws, socket, admit, may, sync, presences };
  ws.on("message", (data: Buffer, isBinary: boolean) => takeMessage(reader, data, isBinary));
  // a frame the protocol forbids (unmasked, too large, bad opcode): ws closes the socket after this
  ws.on("error", (error: Error) => o.onError?.(`websocket error: ${error.message}`));
  ws.on("close", () => {
    stopRelay();
    stopReset();
    stopPresence();
    presences.release();
  });
  // the server opens the sync: its durable state vector, then everyone's presence
  sync.open();
  const states = [...room.awareness.getStates().keys()];
  if (states.length > 0) socket.send(room.presence.message(states));
}
