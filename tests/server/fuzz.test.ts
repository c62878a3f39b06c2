import { join } from "node:path";
import * as encoding from "lib0/encoding";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE_RESET, epochOfReset } from "../../lib/closeCodes";
import { EVENTS, frameIncludes } from "../../lib/frameProtocol";
import { createRng } from "../../lib/random";
import { documentProblems, SLIDERS, sliderKey, sliderStore } from "../../lib/roomDocument";
import { type Db, openDatabase } from "../../server/db/database";
import { RoomStore } from "../../server/db/RoomStore";
import { SnapshotStore } from "../../server/db/SnapshotStore";
import { DOCUMENT_BOUNDS } from "../../server/rooms/Room";
import { DEFAULT_YJS_LIMITS } from "../../server/rooms/yjsConnection";
import { httpCase, socketIoCase, syncStep1, type YjsCase, yjsCase } from "../helpers/fuzzCases";
import { createRoom, frameClient, type Live, startLiveServer, until, yjsClient } from "../helpers/liveServer";
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
    // every valid case comes from a new client id: the room is not rewritten under the test's editor
    rooms: { documentBounds: { clients: 1e6, bytes: 1e9 } },
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

/** A client that starts again from the room's document when the server rewrites it (as the page does). */
class ResettingClient {
  doc = new Y.Doc();
  provider: WebsocketProvider;
  resets = 0;
  private epoch = 0;
  /** the values this client set: set again on the room's new document after a reset */
  private readonly moves = new Map<string, number>();

  constructor(
    private readonly url: string,
    private readonly room: string,
  ) {
    this.provider = this.connect();
  }

  private connect(): WebsocketProvider {
    const provider = new WebsocketProvider(`${this.url.replace("http", "ws")}/yjs`, this.room, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { epoch: String(this.epoch) },
    });
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (event?.code !== CLOSE_RESET) return;
      this.epoch = epochOfReset(event.reason, this.epoch);
      this.resets++;
      provider.destroy();
      this.doc = new Y.Doc();
      this.provider = this.connect();
      this.provider.once("sync", () => {
        for (const [key, value] of this.moves) sliderStore(this.doc).set(key, value);
      });
    });
    return provider;
  }

  set(k: number, value: number): void {
    this.moves.set(sliderKey(k), value);
    sliderStore(this.doc).set(sliderKey(k), value);
  }

  synced(): Promise<void> {
    return until(() => this.provider.synced);
  }

  destroy(): void {
    this.provider.destroy();
  }
}

describe("client-id churn (one attacking address, inside every limit)", () => {
  let churned: Live;
  let churnDb: Db;
  beforeAll(async () => {
    ({ db: churnDb } = await openDatabase(`file:${join(await tempDir("churn"), "likeness.db")}`));
    // the attacker comes from an address of its own (through a trusted proxy on loopback): its
    // connections spend its budget, not the well-behaved clients'
    churned = await startLiveServer({ store: new RoomStore(churnDb), trustProxy: ["loopback"] });
  });
  afterAll(async () => {
    await churned.close();
    await churnDb.$disconnect();
  });

  it("keeps the server answering and the room small while sockets send every update from a new client id", async () => {
    const url = churned.server.url;
    const attacked = await createRoom(churned);
    const fresh = await createRoom(churned);
    const latent = churned.model.manifest.latent;
    const [editor, observer] = [new ResettingClient(url, attacked), new ResettingClient(url, attacked)];
    const [freshEditor, freshObserver] = [new ResettingClient(url, fresh), new ResettingClient(url, fresh)];
    await Promise.all([editor, observer, freshEditor, freshObserver].map((c) => c.synced()));
    const viewer = frameClient(churned, attacked);

    // three sockets, each sending 100 valid one-slider updates a second, every one from a new client id;
    // a socket the server closes is opened again (as often as the connection limit lets it)
    let attacking = true;
    let sent = 0;
    const attacker = async () => {
      while (attacking) {
        const ws = new WebSocket(`${url.replace("http", "ws")}/yjs/${attacked}`, {
          headers: { "x-forwarded-for": "203.0.113.66" },
        });
        ws.on("error", () => {});
        const open = await new Promise<boolean>((resolve) => {
          ws.once("open", () => resolve(true));
          ws.once("close", () => resolve(false));
        });
        while (attacking && open && ws.readyState === WebSocket.OPEN) {
          const doc = new Y.Doc();
          // sliders 1 and 2 are the well-behaved clients'
          sliderStore(doc).set(sliderKey(3 + (sent % (latent - 3))), ((sent % 40) - 20) / 10);
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, 0);
          syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
          ws.send(encoding.toUint8Array(e));
          sent++;
          await new Promise((r) => setTimeout(r, 10));
        }
        ws.terminate();
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const attacks = [attacker(), attacker(), attacker()];
    let slowestHealth = 0;
    const started = Date.now();
    let n = 0;
    // 10 s, and on until the room has been rewritten at least once (25 s at most)
    const attackedRoom = () => churned.server.rooms.get(attacked)?.room;
    while (Date.now() - started < 10_000 || (attackedRoom()?.epoch === 0 && Date.now() - started < 25_000)) {
      const t = performance.now();
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      slowestHealth = Math.max(slowestHealth, performance.now() - t);
      // a well-behaved client's edit is framed during the attack
      if (n++ % 8 === 0) {
        // (a frame's state vector cannot tell an edit made before a rewrite: the server's value, then a
        // frame rendered after it, can)
        const value = (n % 30) / 10;
        const seq = viewer.frames.at(-1)?.seq ?? 0;
        editor.set(1, value);
        const room = churned.server.rooms.get(attacked)?.room;
        await until(() => room?.sliders()[1] === value);
        const version = room?.version ?? 0;
        await viewer.waitFor((f) => f.seq > seq && f.docVersion >= version);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    attacking = false;
    const attackSeconds = (Date.now() - started) / 1000;
    await Promise.all(attacks);
    expect(slowestHealth).toBeLessThan(1000);
    expect(sent).toBeGreaterThan(256);

    // after it: the room is within its bounds, and its edits reach others as fast as a fresh room's
    const room = churned.server.rooms.get(attacked)?.room;
    if (!room) throw new Error("the attacked room left memory");
    room.rewriteIfOver();
    await until(() => room.doc.store.clients.size <= DOCUMENT_BOUNDS.clients);
    expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThan(DOCUMENT_BOUNDS.bytes);
    expect(room.epoch).toBeGreaterThan(0);
    expect(editor.resets).toBeGreaterThan(0);
    await Promise.all([editor, observer].map((c) => c.synced()));
    const relayMs = async (from: ResettingClient, to: ResettingClient, value: number) => {
      const t = performance.now();
      from.set(2, value);
      await until(() => sliderStore(to.doc).get(sliderKey(2)) === value, 5000);
      return performance.now() - t;
    };
    const times: { attacked: number[]; fresh: number[] } = { attacked: [], fresh: [] };
    for (let i = 0; i < 30; i++) {
      times.attacked.push(await relayMs(editor, observer, i / 10));
      times.fresh.push(await relayMs(freshEditor, freshObserver, i / 10));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    console.log(
      `churn: ${sent} updates from new client ids in ${attackSeconds.toFixed(0)} s; slowest health ${slowestHealth.toFixed(0)} ms; ` +
        `room epoch ${room.epoch}; edit relayed in ${median(times.attacked).toFixed(1)} ms (fresh room ${median(times.fresh).toFixed(1)} ms)`,
    );
    // the 10 ms polling of `until` is the floor of both
    expect(median(times.attacked)).toBeLessThanOrEqual(1.5 * median(times.fresh) + 1);
    for (const c of [editor, observer, freshEditor, freshObserver]) c.destroy();
    viewer.socket.close();
  });
});
