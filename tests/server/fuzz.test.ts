import { join } from "node:path";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { EVENTS, frameIncludes } from "../../lib/frameProtocol";
import { createRng } from "../../lib/random";
import { documentProblems, SLIDERS, sliderKey, sliderStore } from "../../lib/roomDocument";
import { type Db, openDatabase } from "../../server/db/database";
import { RoomStore } from "../../server/db/RoomStore";
import { SnapshotStore } from "../../server/db/SnapshotStore";
import { DEFAULT_YJS_LIMITS } from "../../server/rooms/yjsConnection";
import { httpCase, socketIoCase, syncStep1, type YjsCase, yjsCase } from "../helpers/fuzzCases";
import { createRoom, frameClient, type Live, startLiveServer, yjsClient } from "../helpers/liveServer";
import { rawHandshake, socketClosed, UNMASKED_FRAME } from "../helpers/rawWebsocket";
import { tempDir } from "../helpers/tinyDataset";

const SEED = 20261204;
const YJS_CASES = 6000;
const SOCKET_IO_CASES = 2500;
const HTTP_CASES = 2500;
const BATCH = 500;
/** What the fuzzed room's document may grow to (one entry per slider, and the deleted entries' tombstones). */
const MAX_FUZZED_DOCUMENT_BYTES = 64 * 1024;

let live: Live;
let db: Db;
let roomId: string;
let wsUrl: string;
beforeAll(async () => {
  ({ db } = await openDatabase(`file:${join(await tempDir("fuzz"), "likeness.db")}`));
  // limits raised so that the cases reach the validators instead of the rate limits
  live = await startLiveServer({
    store: new RoomStore(db),
    snapshots: new SnapshotStore(db),
    limits: { requestsPerSecond: 1e6, requestBurst: 1e6, connectionsPerSecond: 1e6, connectionBurst: 1e6 },
    yjsLimits: { messagesPerSecond: 1e6, burst: 1e6, addressMessagesPerSecond: 1e6, roomMessagesPerSecond: 1e6 },
  });
  roomId = await createRoom(live);
  wsUrl = `${live.server.url.replace("http", "ws")}/yjs/${roomId}`;
});
afterAll(async () => {
  await live.close();
  await db.$disconnect();
});

/** Sends Yjs cases over one socket, opening another whenever the server closes it. */
class YjsProber {
  private ws: WebSocket | null = null;
  private replies: ((data: Buffer) => void)[] = [];

  private async socket(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return this.ws;
    const ws = new WebSocket(wsUrl);
    ws.on("error", () => {});
    ws.on("message", (data: Buffer) => {
      for (const reply of this.replies.splice(0)) reply(data);
    });
    ws.on("close", () => {
      for (const reply of this.replies.splice(0)) reply(Buffer.alloc(0));
    });
    await new Promise((resolve) => ws.once("open", resolve));
    this.ws = ws;
    return ws;
  }

  /** Sends the case, then a sync step 1: resolves on the server's step 2 reply, or when it closes the socket. */
  async send(c: YjsCase): Promise<void> {
    if (c.kind === "unmasked") {
      const raw = await rawHandshake(live.server.url, `/yjs/${roomId}`);
      const closed = socketClosed(raw);
      raw.write(UNMASKED_FRAME);
      return closed;
    }
    if (c.kind === "oversized") {
      const ws = new WebSocket(wsUrl);
      ws.on("error", () => {});
      await new Promise((resolve) => ws.once("open", resolve));
      const closed = new Promise((resolve) => ws.once("close", resolve));
      ws.send(new Uint8Array(DEFAULT_YJS_LIMITS.maxMessageBytes + 4096));
      await closed;
      return;
    }
    const ws = await this.socket();
    const answered = new Promise<void>((resolve) => {
      const wait = (data: Buffer) => {
        if (data.length === 0 || (data[0] === 0 && data[1] === 1)) resolve();
        else this.replies.push(wait);
      };
      this.replies.push(wait);
    });
    ws.send(c.data);
    if (ws.readyState === WebSocket.OPEN) ws.send(syncStep1);
    await answered;
  }

  close(): void {
    this.ws?.terminate();
  }
}

/** After each batch: the server is up, a well-behaved client's edit comes back as a frame, the room is valid. */
async function checkRoom(editor: ReturnType<typeof yjsClient>, viewer: ReturnType<typeof frameClient>, n: number) {
  expect((await fetch(`${live.server.url}/api/health`)).status).toBe(200);
  const value = ((n % 90) - 45) / 10;
  sliderStore(editor.doc).set(sliderKey(n % live.model.manifest.latent), value);
  const clock = Y.getState(editor.doc.store, editor.doc.clientID);
  await viewer.waitFor((f) =>
    frameIncludes(Y.decodeStateVector(new Uint8Array(f.stateVector)), editor.doc.clientID, clock),
  );
  const room = live.server.rooms.get(roomId)?.room;
  if (!room) throw new Error("the fuzzed room left memory");
  expect(room.sliders()[n % live.model.manifest.latent]).toBe(value);
  expect(documentProblems(room.doc, live.model.manifest.latent)).toEqual([]);
  const keys = room.doc
    .getArray<{ key: string }>(SLIDERS)
    .toArray()
    .map((e) => e.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThan(MAX_FUZZED_DOCUMENT_BYTES);
}

describe(`fuzz (seed ${SEED}): ${YJS_CASES + SOCKET_IO_CASES + HTTP_CASES} hostile and malformed inputs`, () => {
  it("keeps the server up, the room valid and a well-behaved client editing, through every kind of input", async () => {
    const rng = createRng(SEED);
    const editor = yjsClient(live, roomId);
    await editor.synced;
    const viewer = frameClient(live, roomId);
    const counts = new Map<string, number>();
    const count = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);

    const prober = new YjsProber();
    for (let n = 1; n <= YJS_CASES; n++) {
      const state = Y.encodeStateAsUpdate(live.server.rooms.get(roomId)?.room.doc ?? new Y.Doc());
      const c = yjsCase(rng, live.model.manifest.latent, state);
      count(`yjs: ${c.kind === "message" || c.kind === "text" ? c.name : c.kind}`);
      await prober.send(c);
      if (n % BATCH === 0) await checkRoom(editor, viewer, n);
    }
    prober.close();

    let socket: Socket | null = null;
    for (let n = 1; n <= SOCKET_IO_CASES; n++) {
      if (!socket?.connected) {
        socket?.close();
        socket = connectSocket(live.server.url, { transports: ["websocket"], forceNew: true, reconnection: false });
        await new Promise<void>((resolve) => socket?.once("connect", () => resolve()));
      }
      const c = socketIoCase(rng, roomId);
      count(`socket.io: ${c.event}`);
      socket.emit(c.event, c.payload);
      if (n % 50 === 0) {
        // a round trip, so the cases before it were read
        const s = socket;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          s.once(EVENTS.joined, done);
          s.once(EVENTS.error, done);
          s.once("disconnect", done);
          s.emit(EVENTS.join, { roomId });
        });
      }
      if (n % BATCH === 0) await checkRoom(editor, viewer, YJS_CASES + n);
    }
    socket?.close();

    for (let n = 1; n <= HTTP_CASES; n++) {
      const c = httpCase(rng, roomId);
      count(`http: ${c.method}`);
      const res = await fetch(`${live.server.url}${c.path}`, {
        method: c.method,
        body: c.method === "GET" || c.method === "HEAD" ? undefined : c.body,
      });
      await res.arrayBuffer();
      // the client's errors are 4xx; 503 is a room or the database unavailable: never a 500
      expect([c.method, c.path, res.status < 500 || res.status === 503]).toEqual([c.method, c.path, true]);
      if (n % BATCH === 0) await checkRoom(editor, viewer, YJS_CASES + SOCKET_IO_CASES + n);
    }

    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(YJS_CASES + SOCKET_IO_CASES + HTTP_CASES);
    const size = Y.encodeStateAsUpdate(live.server.rooms.get(roomId)?.room.doc ?? new Y.Doc()).byteLength;
    console.log(`fuzz cases: ${JSON.stringify(Object.fromEntries([...counts].sort()))}; room document ${size} bytes`);
    editor.provider.destroy();
    viewer.socket.close();
  });
});
