import { join } from "node:path";
import * as encoding from "lib0/encoding";
import { io as connectSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { ARRAY_EVENTS } from "../../../lib/arrayProtocol";
import { CLOSE_FORBIDDEN, CLOSE_REFUSED } from "../../../lib/closeCodes";
import { EVENTS } from "../../../lib/frameProtocol";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { sessionMap } from "../../../lib/sessionSettings";
import { type Db, openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { SnapshotStore } from "../../../server/db/SnapshotStore";
import { writeAwareness } from "../../../server/rooms/yjsProtocol";
import { ACTIONS, type Action } from "../../../server/sessions/session";
import { createRoom, type Live, startLiveServer, until } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

let live: Live;
let db: Db;
const asked = new Set<Action>();
let allowed: (action: Action) => boolean = () => true;
beforeAll(async () => {
  ({ db } = await openDatabase(`file:${join(await tempDir("permissions"), "likeness.db")}`));
  live = await startLiveServer({
    store: new RoomStore(db),
    snapshots: new SnapshotStore(db),
    authorize: (_session, action) => {
      asked.add(action);
      return allowed(action);
    },
  });
});
afterAll(async () => {
  await live.close();
  await db.$disconnect();
});

const url = (path: string) => `${live.server.url}${path}`;
const status = async (path: string, method = "GET", body?: string) => (await fetch(url(path), { method, body })).status;

function message(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

async function rawSocket(roomId: string): Promise<WebSocket> {
  const ws = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/${roomId}`);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return ws;
}

describe("sessions and permissions", () => {
  it("asks the one authorize function for every kind of action, and refuses each one it denies", async () => {
    const roomId = await createRoom(live);
    const saved = await fetch(url(`/api/rooms/${roomId}/snapshots`), {
      method: "POST",
      body: JSON.stringify({ name: "kept" }),
    });
    const snapshotId = ((await saved.json()) as { id: string }).id;

    // a session that may only read the room
    allowed = (action) => action === "room:read";
    expect(await status("/api/rooms", "POST", "{}")).toBe(403);
    expect(await status(`/api/rooms/${roomId}`)).toBe(200);
    expect(await status(`/api/rooms/${roomId}/face.png`)).toBe(403);
    expect(await status(`/api/rooms/${roomId}/random-face`)).toBe(403);
    expect(await status(`/api/rooms/${roomId}/snapshots`)).toBe(403);
    expect(await status(`/api/rooms/${roomId}/snapshots`, "POST", JSON.stringify({ name: "x" }))).toBe(403);
    expect(await status(`/api/rooms/${roomId}/snapshots/${snapshotId}`, "DELETE")).toBe(403);
    expect(await status(`/api/rooms/${roomId}/snapshots/${snapshotId}/thumbnail.jpg`)).toBe(403);
    expect(await status(`/api/rooms/${roomId}/links`)).toBe(403);
    expect(await status(`/api/rooms/${roomId}/links`, "POST", JSON.stringify({ role: "witness" }))).toBe(403);
    expect(await status(`/api/rooms/${roomId}/record.json`)).toBe(403);
    expect(await status(`/api/rooms/${roomId}/model`, "POST", JSON.stringify({ version: "v" }))).toBe(403);

    // presence is dropped; an edit closes the socket; the empty sync reply every client sends is not an edit
    const ws = await rawSocket(roomId);
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(
      message(1, (e) =>
        encoding.writeVarUint8Array(e, writeAwareness([{ clientId: 77, clock: 1, json: JSON.stringify({}) }])),
      ),
    );
    ws.send(message(0, (e) => syncProtocol.writeSyncStep2(e, new Y.Doc())));
    const doc = new Y.Doc();
    sliderStore(doc).set(sliderKey(1), 1);
    ws.send(message(0, (e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))));
    expect(await closed).toBe(CLOSE_FORBIDDEN);
    const room = live.server.rooms.get(roomId)?.room;
    expect(room?.awareness.getStates().has(77)).toBe(false);
    expect(room?.sliders()[1]).toBe(0);

    const viewer = connectSocket(live.server.url, { transports: ["websocket"], forceNew: true });
    const refusal = new Promise<string>((resolve) =>
      viewer.once(EVENTS.error, (e: { code: string }) => resolve(e.code)),
    );
    viewer.emit(EVENTS.join, { roomId });
    expect(await refusal).toBe("forbidden");
    viewer.close();

    // a session that may edit, but neither change the session's settings nor move a slider not given to it
    // (the witness is given the first 10 by default)
    allowed = (action) => !["session:configure", "sliders:locked", "array:show", "array:pick"].includes(action);
    for (const change of [
      (d: Y.Doc) => sessionMap(d).set("array", true),
      (d: Y.Doc) => sliderStore(d).set(sliderKey(12), 1),
    ]) {
      const editor = await rawSocket(roomId);
      const refused = new Promise<number>((resolve) => editor.once("close", (code) => resolve(code)));
      const d = new Y.Doc();
      change(d);
      editor.send(message(0, (e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(d))));
      expect(await refused).toBe(CLOSE_REFUSED);
    }
    const picker = connectSocket(live.server.url, { transports: ["websocket"], forceNew: true });
    const arrayErrors: string[] = [];
    picker.on(EVENTS.error, (e: { message: string }) => arrayErrors.push(e.message));
    await new Promise<void>((resolve) => {
      picker.once(EVENTS.joined, () => resolve());
      picker.emit(EVENTS.join, { roomId });
    });
    picker.emit(ARRAY_EVENTS.show, {});
    picker.emit(ARRAY_EVENTS.pick, { round: 1, picks: [0] });
    await until(() => arrayErrors.length === 2);
    expect(arrayErrors.sort()).toEqual(["not allowed: array:pick", "not allowed: array:show"]);
    // one that may show the array only when the artist offers it (a witness): the authorize function says so
    allowed = (action) => action !== "array:unoffered";
    arrayErrors.length = 0;
    picker.emit(ARRAY_EVENTS.show, {});
    await until(() => arrayErrors.length === 1);
    expect(arrayErrors).toEqual(["the artist has not turned the face array on"]);
    picker.close();

    // a session that may do nothing: not even see the room
    allowed = () => false;
    expect(await status(`/api/rooms/${roomId}`)).toBe(403);
    const refused = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/${roomId}`);
    const upgrade = await new Promise<number | undefined>((resolve) =>
      refused.once("unexpected-response", (_req, res) => resolve(res.statusCode)),
    );
    expect(upgrade).toBe(403);

    // a handler that skipped the decision would leave its action out
    await until(() => asked.size === ACTIONS.length);
    expect([...asked].sort()).toEqual([...ACTIONS].sort());
    allowed = () => true;
  });
});
