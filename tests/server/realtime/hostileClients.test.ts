import * as encoding from "lib0/encoding";
import { io as connectSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { EVENTS } from "../../../lib/frameProtocol";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { AWARENESS_WINDOW_MS } from "../../../server/rooms/AwarenessFanout";
import { DEFAULT_YJS_LIMITS } from "../../../server/rooms/yjsConnection";
import { createRoom, type Live, startLiveServer, until, yjsClient } from "../../helpers/liveServer";
import { rawHandshake, socketClosed, UNMASKED_FRAME } from "../../helpers/rawWebsocket";

let live: Live;
beforeAll(async () => {
  // as the tests and the room benchmark run it: no Next.js, so no process-wide error handler of its own
  live = await startLiveServer({ limits: { connectionsPerSecond: 1000, connectionBurst: 1000 } });
});
afterAll(async () => {
  await live.close();
});

/** The room still works: a new client's edit reaches the room. */
async function stillEdits(roomId: string, value: number): Promise<void> {
  const client = yjsClient(live, roomId);
  await client.synced;
  sliderStore(client.doc).set(sliderKey(2), value);
  await until(() => live.server.rooms.get(roomId)?.room.sliders()[2] === value);
  client.provider.destroy();
}

describe("hostile websocket clients", () => {
  it("survives an unmasked frame and a message over the size limit, and the room goes on", async () => {
    const roomId = await createRoom(live);
    const unmasked = await rawHandshake(live.server.url, `/yjs/${roomId}`);
    const closedUnmasked = socketClosed(unmasked);
    unmasked.write(UNMASKED_FRAME);
    await closedUnmasked;

    const big = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/${roomId}`);
    await new Promise((resolve) => big.once("open", resolve));
    const closedBig = new Promise<number>((resolve) => big.once("close", (code) => resolve(code)));
    big.send(new Uint8Array(DEFAULT_YJS_LIMITS.maxMessageBytes + 2048));
    expect(await closedBig).toBe(1009);
    await stillEdits(roomId, 1.5);
  });

  it("closes a client whose invalid data names itself in characters a close reason cannot hold, and goes on", async () => {
    const roomId = await createRoom(live);
    const ws = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/${roomId}`);
    await new Promise((resolve) => ws.once("open", resolve));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    // an unknown shared type whose name is 80 three-byte characters: the refusal quotes it
    const doc = new Y.Doc();
    doc.getMap("€".repeat(80)).set("x", 1);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
    ws.send(encoding.toUint8Array(e));
    const { code, reason } = await closed;
    expect(code).toBe(4400);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    await stillEdits(roomId, -1.5);
  });

  it("coalesces presence: 30 clients changing presence as fast as they may cost each client at most one message per window", async () => {
    const roomId = await createRoom(live);
    const clients = Array.from({ length: 30 }, () => yjsClient(live, roomId));
    await Promise.all(clients.map((c) => c.synced));
    const watcher = clients[0] as (typeof clients)[number];
    let received = 0;
    const raw = (watcher.provider as unknown as { ws: WebSocket }).ws;
    raw.addEventListener("message", () => received++);
    const started = performance.now();
    for (let round = 0; round < 240; round++) {
      for (const [i, c] of clients.entries()) c.provider.awareness.setLocalStateField("dragging", (round + i) % 80);
      if (round % 20 === 19) await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 3 * AWARENESS_WINDOW_MS));
    const windows = (performance.now() - started) / AWARENESS_WINDOW_MS;
    // 30 × 240 presence changes sent; without coalescing each client would receive 7,200 messages
    expect(received).toBeLessThanOrEqual(Math.ceil(windows) + 2);
    const states = [...watcher.provider.awareness.getStates().values()] as { dragging?: number }[];
    expect(states.filter((s) => s.dragging === undefined)).toHaveLength(0);
    for (const c of clients) c.provider.destroy();
  });
});

describe("hostile socket.io clients", () => {
  it("disconnects a client that floods events the server does not know", async () => {
    const socket = connectSocket(live.server.url, { transports: ["websocket"], forceNew: true });
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const errors: string[] = [];
    socket.on(EVENTS.error, (e: { code: string }) => errors.push(e.code));
    const gone = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
    for (let i = 0; i < 400; i++) socket.emit("no-such-event", "x".repeat(1000));
    await gone;
    expect(errors).toContain("rate_limited");
  });
});

describe("connections per address", () => {
  it("refuses new connections past the burst, on both websockets", async () => {
    const limited = await startLiveServer({ limits: { connectionsPerSecond: 0.01, connectionBurst: 2 } });
    try {
      const roomId = await createRoom(limited);
      const wsUrl = `${limited.server.url.replace("http", "ws")}/yjs/${roomId}`;
      const statusOf = (ws: WebSocket) =>
        new Promise<number>((resolve) => {
          ws.once("open", () => resolve(101));
          ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        });
      const sockets = [new WebSocket(wsUrl), new WebSocket(wsUrl), new WebSocket(wsUrl)];
      for (const ws of sockets) ws.on("error", () => {});
      expect(await Promise.all(sockets.map(statusOf))).toEqual([101, 101, 429]);
      const io = connectSocket(limited.server.url, { transports: ["websocket"], forceNew: true, reconnection: false });
      const refused = await new Promise<string>((resolve) => io.once("connect_error", (e) => resolve(e.message)));
      expect(refused).toMatch(/too many connections/);
      for (const ws of sockets) ws.terminate();
      io.close();
    } finally {
      await limited.close();
    }
  });
});
