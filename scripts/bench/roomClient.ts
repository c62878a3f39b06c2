/**
 * One simulated client of the rooms benchmark: a Yjs document synced with the room, a socket.io frame
 * socket, and a slider it moves. Each frame is acknowledged, and every edit of the room it first sees
 * counts the latency from the edit to that frame (a frame's state vector says which edits it shows).
 */
import { io as connectSocket } from "socket.io-client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { EVENTS, type FrameMessage, frameIncludes } from "../../lib/frameProtocol";
import { sliderKey, sliderStore } from "../../lib/roomDocument";
import { SETTLE_MS } from "../../server/rooms/roomFrames";

/** An edit of the room not yet seen by every client: who made it, its clock after it, and since when. */
export interface PendingEdit {
  clientId: number;
  clock: number;
  at: number;
  seenBy: Set<number>;
}

export interface RoomClientOptions {
  url: string;
  roomId: string;
  /** this client's index in its room (the slider it moves) */
  index: number;
  /** the room's edits not yet seen, shared by its clients */
  edits: PendingEdit[];
  /** the page draws faces itself: it says so, and waits only for the state a drag ends on, once settled */
  local: boolean;
  onFrame(): void;
  onLatency(ms: number): void;
}

export async function roomClient(o: RoomClientOptions) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${o.url.replace("http", "ws")}/yjs`, o.roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((done) => provider.once("sync", () => done()));
  const socket = connectSocket(o.url, { query: { room: o.roomId }, transports: ["websocket"], forceNew: true });
  socket.on("connect", () => socket.emit(EVENTS.join, { roomId: o.roomId }));
  if (o.local) socket.on(EVENTS.joined, () => socket.emit(EVENTS.drawsLocally, { on: true }));
  socket.on(EVENTS.frame, (frame: FrameMessage) => {
    o.onFrame();
    const sv = Y.decodeStateVector(new Uint8Array(frame.stateVector));
    const now = performance.now();
    for (const e of o.edits) {
      if (!e.seenBy.has(o.index) && frameIncludes(sv, e.clientId, e.clock)) {
        e.seenBy.add(o.index);
        o.onLatency(now - e.at);
      }
    }
    socket.emit(EVENTS.frameAck, { seq: frame.seq });
  });
  const store = sliderStore(doc);
  let value = 0;
  return {
    /** moves its slider a little; `last`: a drag ends with this move */
    move(last: boolean) {
      value = Math.max(-3, Math.min(3, value + (Math.random() - 0.5) * 0.4));
      store.set(sliderKey(o.index), Math.round(value * 1000) / 1000);
      if (o.local && !last) return;
      o.edits.push({
        clientId: doc.clientID,
        clock: Y.getState(doc.store, doc.clientID),
        // drawing locally, from when the state settles
        at: performance.now() + (o.local ? SETTLE_MS : 0),
        seenBy: new Set(),
      });
      if (o.edits.length > 2000) o.edits.splice(0, 1000);
    },
    close() {
      provider.destroy();
      socket.close();
    },
  };
}
