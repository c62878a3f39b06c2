import { connect } from "node:net";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CLOSE_INVALID, CLOSE_RATE_LIMITED } from "../../lib/closeCodes";
import { sliderKey, sliderStore } from "../../lib/roomDocument";
import { DEFAULT_YJS_LIMITS, MAX_PRESENCES_PER_CONNECTION } from "../../server/rooms/yjsConnection";
import {
  createRoom,
  frameClient,
  frameError,
  type Live,
  startLiveServer,
  until,
  yjsClient,
} from "../helpers/liveServer";
import { pulledToward } from "../helpers/pulledToward";

/** JPEG (q85, 4:4:4) of a decoded face differs from the float image by about 1–2 levels on average. */
const FRAME_TOLERANCE = 4;

let live: Live;
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  await live.close();
});

function rawUpdate(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

function rawSocket(roomId: string): Promise<WebSocket> {
  const ws = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/${roomId}`);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );

describe("rooms over one server", () => {
  it("creates rooms with unguessable 128-bit URL-safe ids and answers 404 for unknown ones", async () => {
    const a = await createRoom(live);
    const b = await createRoom(live);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    expect((await fetch(`${live.server.url}/api/rooms/${a}`)).status).toBe(200);
    expect((await fetch(`${live.server.url}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${live.server.url}/api/rooms/not-an-id`)).status).toBe(404);
    const ws = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/AAAAAAAAAAAAAAAAAAAAAA`);
    const status = await new Promise<number | undefined>((resolve) =>
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(404);
  });

  it("rejects a malformed room request with a clear error", async () => {
    const res = await fetch(`${live.server.url}/api/rooms`, {
      method: "POST",
      body: JSON.stringify({ name: 5, extra: 1 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/name/);
  });

  it("answers 400 to a request line or a room id it cannot parse, and stays up", async () => {
    const { port } = new URL(live.server.url);
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => socket.write(request));
        let reply = "";
        socket.on("data", (d) => {
          reply += d.toString();
        });
        socket.on("end", () => resolve(reply));
        socket.on("error", reject);
      });
    expect(await raw("GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    const upgrade = (path: string) =>
      raw(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      );
    expect(await upgrade("/yjs/%ZZ")).toMatch(/^HTTP\/1\.1 400/);
    expect(await upgrade("//")).toMatch(/^HTTP\/1\.1 400/);
    const info = await fetch(`${live.server.url}/api/rooms/%ZZ`);
    expect(info.status).toBe(400);
    expect(((await info.json()) as { error: string }).error).toMatch(/percent-escape/);
    expect((await fetch(`${live.server.url}/api/health`)).status).toBe(200);
  });

  it("lets two clients co-edit: both see the change and receive frames that match decoding the shared state", async () => {
    const roomId = await createRoom(live);
    const a = yjsClient(live, roomId);
    const b = yjsClient(live, roomId);
    await Promise.all([a.synced, b.synced]);
    const viewA = frameClient(live, roomId);
    const viewB = frameClient(live, roomId);
    const first = await viewA.waitFor(() => true);
    await viewB.waitFor(() => true);
    sliderStore(a.doc).set(sliderKey(0), 2.5);
    sliderStore(a.doc).set(sliderKey(3), -1.5);
    await until(() => sliderStore(b.doc).get(sliderKey(3)) === -1.5);
    const sliders = new Float64Array(16);
    sliders[0] = 2.5;
    sliders[3] = -1.5;
    for (const view of [viewA, viewB]) {
      const frame = await view.waitFor((f) => f.docVersion >= 2 && f.seq > first.seq);
      // the last frame shows the final state
      await until(() => (view.frames.at(-1)?.seq ?? 0) >= frame.seq);
      const last = view.frames.at(-1);
      expect(last?.modelVersion).toBe(live.model.manifest.version);
      if (!last) throw new Error("no frame");
      expect(await frameError(live, last, sliders)).toBeLessThan(FRAME_TOLERANCE);
    }
    const seqs = viewA.frames.map((f) => f.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const c of [a, b]) c.provider.destroy();
    viewA.socket.close();
    viewB.socket.close();
  });

  it("keeps streaming to others while a client never acknowledges its frames", async () => {
    const roomId = await createRoom(live);
    const editor = yjsClient(live, roomId);
    await editor.synced;
    const stalled = frameClient(live, roomId, { ack: false });
    const healthy = frameClient(live, roomId);
    await stalled.waitFor(() => true);
    await healthy.waitFor(() => true);
    for (let i = 1; i <= 8; i++) {
      sliderStore(editor.doc).set(sliderKey(1), i / 4);
      const version = i;
      await healthy.waitFor((f) => f.docVersion >= version);
    }
    expect(healthy.frames.length).toBeGreaterThanOrEqual(5);
    expect(stalled.frames.length).toBe(1);
    editor.provider.destroy();
    stalled.socket.close();
    healthy.socket.close();
  });

  it("drops the sender of an out-of-range or malformed update with a clear reason and keeps the room intact", async () => {
    const roomId = await createRoom(live);
    const good = yjsClient(live, roomId);
    await good.synced;
    sliderStore(good.doc).set(sliderKey(2), 1);
    const view = frameClient(live, roomId);
    await view.waitFor((f) => f.docVersion >= 1);

    const cases: [Uint8Array, RegExp][] = [
      [rawUpdate((d) => sliderStore(d).set(sliderKey(2), 99)), /outside ±5/],
      [rawUpdate((d) => sliderStore(d).set("s999", 1)), /unknown slider/],
      [rawUpdate((d) => d.getMap("evil").set("x", 1)), /unknown shared type/],
      [rawUpdate((d) => d.getMap("sliders").set("junk", "x".repeat(1000))), /map entries/],
      [Uint8Array.from([0, 2, 5, 1, 2, 3, 4, 5]), /invalid/],
      [Uint8Array.from([9, 9, 9]), /unknown message type/],
    ];
    for (const [message, reason] of cases) {
      const ws = await rawSocket(roomId);
      const done = closed(ws);
      ws.send(message);
      const { code, reason: text } = await done;
      expect(code).toBe(CLOSE_INVALID);
      expect(text).toMatch(reason);
    }
    // the room still has its good state and still serves edits
    const entry = live.server.rooms.get(roomId);
    expect(entry?.room.sliders()[2]).toBe(1);
    sliderStore(good.doc).set(sliderKey(2), -2);
    await until(() => entry?.room.sliders()[2] === -2);
    const version = entry?.room.version ?? 0;
    await view.waitFor((f) => f.docVersion >= version);
    await until(() => (view.frames.at(-1)?.docVersion ?? 0) === entry?.room.version);
    const after = view.frames.at(-1);
    if (!after) throw new Error("no frame");
    const expected = new Float64Array(16);
    expected[2] = -2;
    expect(await frameError(live, after, expected)).toBeLessThan(FRAME_TOLERANCE);
    good.provider.destroy();
    view.socket.close();
  });

  it("disconnects a client that sends too fast, which reconnects by itself and brings its last edits", async () => {
    const roomId = await createRoom(live);
    const flood = yjsClient(live, roomId);
    await flood.synced;
    const codes: number[] = [];
    flood.provider.on("connection-close", (event) => {
      if (event) codes.push(event.code);
    });
    const store = sliderStore(flood.doc);
    // one Yjs update per set: far more than the burst the server allows
    for (let i = 1; i <= DEFAULT_YJS_LIMITS.burst + 200; i++) store.set(sliderKey(i % 16), i / 1000);
    await until(() => codes.length > 0);
    expect(codes[0]).toBe(CLOSE_RATE_LIMITED);
    const entry = live.server.rooms.get(roomId);
    const expected = Array.from({ length: 16 }, (_, k) => Number(store.get(sliderKey(k))));
    await until(() => Array.from(entry?.room.sliders() ?? []).every((v, k) => v === expected[k]), 15_000);
    flood.provider.destroy();
  });

  it("shares presence between clients, ignores a client that tries to change someone else's and caps the presences one connection holds", async () => {
    const roomId = await createRoom(live);
    const a = yjsClient(live, roomId);
    const b = yjsClient(live, roomId);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField("user", { name: "Ada", color: "#112233" });
    b.provider.awareness.setLocalStateField("user", { name: "Bo", color: "#445566" });
    a.provider.awareness.setLocalStateField("dragging", 4);
    const names = (doc: typeof a) =>
      [...doc.provider.awareness.getStates().values()]
        .map((s) => (s as { user?: { name: string } }).user?.name)
        .filter(Boolean)
        .sort();
    await until(() => names(a).join() === "Ada,Bo" && names(b).join() === "Ada,Bo");
    // a raw client claims Ada's client id with a new clock: the server keeps Ada's presence
    const ws = await rawSocket(roomId);
    const forged = encoding.createEncoder();
    encoding.writeVarUint(forged, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, a.doc.clientID);
    encoding.writeVarUint(inner, 999);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: "Mallory", color: "#000000" } }));
    encoding.writeVarUint8Array(forged, encoding.toUint8Array(inner));
    ws.send(encoding.toUint8Array(forged));
    // and claims 50 new presences in one message: it gets no more than the cap
    const flood = encoding.createEncoder();
    encoding.writeVarUint(flood, 1);
    const many = encoding.createEncoder();
    encoding.writeVarUint(many, 50);
    for (let id = 1; id <= 50; id++) {
      encoding.writeVarUint(many, 1_000_000 + id);
      encoding.writeVarUint(many, 1);
      encoding.writeVarString(many, JSON.stringify({ user: { name: `Bot ${id}`, color: "#000000" } }));
    }
    encoding.writeVarUint8Array(flood, encoding.toUint8Array(many));
    ws.send(encoding.toUint8Array(flood));
    await new Promise((r) => setTimeout(r, 200));
    const entry = live.server.rooms.get(roomId);
    const ada = entry?.room.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } } | undefined;
    expect(ada?.user?.name).toBe("Ada");
    expect(entry?.room.awareness.getStates().size).toBe(2 + MAX_PRESENCES_PER_CONNECTION);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    ws.close();
    a.provider.destroy();
    b.provider.destroy();
  });

  it("draws Randomize's face on the server: the leading sliders at random, the face pulled toward a training code", async () => {
    const roomId = await createRoom(live);
    const draw = async () => {
      const res = await fetch(`${live.server.url}/api/rooms/${roomId}/random-face`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      return ((await res.json()) as { sliders: number[] }).sliders;
    };
    const [a, b] = [await draw(), await draw()];
    const latent = live.model.manifest.latent;
    expect(a).toHaveLength(latent);
    expect(a).not.toEqual(b);
    expect(pulledToward(a, live.model, 1e-3)).toHaveLength(1);
    expect(pulledToward(b, live.model, 1e-3)).toHaveLength(1);
    expect((await fetch(`${live.server.url}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/random-face`)).status).toBe(404);
  });

  it("limits how fast one address can create rooms", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await fetch(`${live.server.url}/api/rooms`, { method: "POST", body: "{}" })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(30);
  });
});
