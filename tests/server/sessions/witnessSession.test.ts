import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type * as Y from "yjs";
import { ARRAY_EVENTS, ARRAY_SIZE, type ArrayPicked, type ArrayRound } from "../../../lib/arrayProtocol";
import { CLOSE_FORBIDDEN, CLOSE_REFUSED } from "../../../lib/closeCodes";
import { EVENTS } from "../../../lib/frameProtocol";
import { KEY_HEADER } from "../../../lib/roles";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { lockKey, nameKey, sessionMap } from "../../../lib/sessionSettings";
import { searchDepth } from "../../../server/arrays/faceArray";
import { type Db, openDatabase } from "../../../server/db/database";
import { LinkStore } from "../../../server/db/LinkStore";
import { RecordStore } from "../../../server/db/RecordStore";
import { RoomStore } from "../../../server/db/RoomStore";
import { type RecordExport, verifyRecord } from "../../../server/record/recordChain";
import {
  createRoomWithKey,
  frameClient,
  frameError,
  type Live,
  startLiveServer,
  until,
  yjsClient,
} from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

let live: Live;
let db: Db;
let dir: string;
beforeAll(async () => {
  dir = await tempDir("witness");
  ({ db } = await openDatabase(`file:${join(dir, "likeness.db")}`));
  live = await startLiveServer({ store: new RoomStore(db), links: new LinkStore(db), record: new RecordStore(db) });
});
afterAll(async () => {
  await live.close();
  await db.$disconnect();
});

/** Events that never come fail the test at once, naming what was awaited (not at the test's timeout). */
const WAIT_MS = 20_000;
const within = <T>(promise: Promise<T>, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

const api = (path: string, key?: string, init: RequestInit = {}) =>
  fetch(`${live.server.url}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(key ? { [KEY_HEADER]: key } : {}) },
    signal: AbortSignal.timeout(WAIT_MS),
  });

async function newLink(roomId: string, artistKey: string, role: string): Promise<{ id: string; key: string }> {
  const res = await api(`/api/rooms/${roomId}/links`, artistKey, { method: "POST", body: JSON.stringify({ role }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; key: string };
}

const closedWith = (client: ReturnType<typeof yjsClient>) =>
  within(
    new Promise<{ code: number; reason: string }>((resolve) =>
      client.provider.once("connection-close", (event: CloseEvent | null) =>
        resolve({ code: event?.code ?? 0, reason: event?.reason ?? "" }),
      ),
    ),
    "close of the Yjs connection",
  );

const upgradeStatus = (roomId: string, key?: string) =>
  within(
    new Promise<number | "open">((resolve) => {
      const ws = new WebSocket(`${live.server.url.replace("http", "ws")}/yjs/${roomId}${key ? `?k=${key}` : ""}`);
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => {
        ws.close();
        resolve("open");
      });
    }),
    "answer to the websocket upgrade",
  );

function arraySocket(roomId: string, key: string) {
  const socket: Socket = connectSocket(live.server.url, { transports: ["websocket"], forceNew: true });
  const rounds: ArrayRound[] = [];
  const errors: { code: string; message: string }[] = [];
  socket.on(ARRAY_EVENTS.round, (r: ArrayRound) => rounds.push(r));
  socket.on(EVENTS.error, (e: { code: string; message: string }) => errors.push(e));
  const joined = new Promise<void>((resolve) => socket.once(EVENTS.joined, () => resolve()));
  socket.on("connect", () => socket.emit(EVENTS.join, { roomId, key }));
  return { socket, rounds, errors, joined };
}

const set = (doc: Y.Doc, k: number, v: number) => doc.transact(() => sliderStore(doc).set(sliderKey(k), v));

describe("witness and artist session", () => {
  it("gives roles by link: a viewer cannot edit, a witness cannot move locked sliders or change settings", async () => {
    const { id, key: artistKey } = await createRoomWithKey(live, "composite");
    // before any witness link the room is a plain room: its id alone opens it
    expect((await api(`/api/rooms/${id}`)).status).toBe(200);
    // the plain link may not manage links
    expect((await api(`/api/rooms/${id}/links`)).status).toBe(403);
    const witness = await newLink(id, artistKey, "witness");
    const viewer = await newLink(id, artistKey, "viewer");
    expect(witness.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // now a witness session: the plain link is refused everywhere
    expect((await api(`/api/rooms/${id}`)).status).toBe(403);
    expect(await upgradeStatus(id)).toBe(403);
    expect(((await (await api(`/api/rooms/${id}`, witness.key)).json()) as { role: string }).role).toBe("witness");
    // only hashes are stored
    const stored = await db.roomLink.findMany({ where: { roomId: id } });
    expect(stored).toHaveLength(3);
    for (const link of stored) expect(JSON.stringify(link)).not.toContain(witness.key);

    const artist = yjsClient(live, id, artistKey);
    await within(artist.synced, "Yjs sync");
    sessionMap(artist.doc).set(lockKey(0), true);
    sessionMap(artist.doc).set(nameKey(1), "jaw width");
    const room = live.server.rooms.get(id)?.room;
    await until(() => room?.doc.getMap("session").get(lockKey(0)) === true);

    // a viewer's write is refused and the room unchanged
    const view = yjsClient(live, id, viewer.key);
    await within(view.synced, "Yjs sync");
    const viewerClosed = closedWith(view);
    set(view.doc, 2, 1.5);
    expect((await viewerClosed).code).toBe(CLOSE_FORBIDDEN);
    expect(room?.sliders()[2]).toBe(0);
    view.provider.destroy();

    // a witness moves an allowed slider
    const wit = yjsClient(live, id, witness.key);
    await within(wit.synced, "Yjs sync");
    set(wit.doc, 1, 0.75);
    await until(() => room?.sliders()[1] === 0.75);
    // ... but not a locked one: refused, told why, the room unchanged
    const before = room?.sliders()[0];
    const lockedClosed = closedWith(wit);
    set(wit.doc, 0, 2.5);
    const refusal = await lockedClosed;
    expect(refusal.code).toBe(CLOSE_REFUSED);
    expect(refusal.reason).toMatch(/slider 1 is locked/);
    expect(room?.sliders()[0]).toBe(before);
    wit.provider.destroy();

    // nor unlock it, nor rename components
    for (const change of [
      (doc: Y.Doc) => sessionMap(doc).delete(lockKey(0)),
      (doc: Y.Doc) => sessionMap(doc).set(nameKey(3), "nose"),
    ]) {
      const again = yjsClient(live, id, witness.key);
      await within(again.synced, "Yjs sync");
      // a joining client is sent the durable document: the lock may reach it a flush later, and deleting a
      // key its document does not have yet would send nothing
      await until(() => sessionMap(again.doc).get(lockKey(0)) === true);
      const closed = closedWith(again);
      change(again.doc);
      expect((await closed).reason).toMatch(/only the artist/);
      again.provider.destroy();
    }
    expect(room?.doc.getMap("session").get(lockKey(0))).toBe(true);
    expect(room?.doc.getMap("session").has(nameKey(3))).toBe(false);

    // artist-only HTTP actions with a witness token: 403
    expect(
      (await api(`/api/rooms/${id}/links`, witness.key, { method: "POST", body: '{"role":"viewer"}' })).status,
    ).toBe(403);
    expect((await api(`/api/rooms/${id}/links`, witness.key)).status).toBe(403);
    expect((await api(`/api/rooms/${id}/record.json`, witness.key)).status).toBe(403);
    expect((await api(`/api/rooms/${id}/record.json`, viewer.key)).status).toBe(403);
    artist.provider.destroy();
  });

  it("blurs the external features on the witness's frames only, when the artist asks", async () => {
    const { id, key: artistKey } = await createRoomWithKey(live);
    const witness = await newLink(id, artistKey, "witness");
    const artist = yjsClient(live, id, artistKey);
    await within(artist.synced, "Yjs sync");
    const artistFrames = frameClient(live, id, { key: artistKey });
    const witnessFrames = frameClient(live, id, { key: witness.key });
    sessionMap(artist.doc).set("blur", "witness");
    const room = live.server.rooms.get(id)?.room;
    await until(() => room?.doc.getMap("session").get("blur") === "witness");
    const version = room?.version ?? 0;
    const [a, w] = await Promise.all([
      artistFrames.waitFor((f) => f.docVersion >= version),
      witnessFrames.waitFor((f) => f.docVersion >= version),
    ]);
    expect(a.seq).toBe(w.seq);
    const sliders = room?.sliders() ?? [];
    // the artist sees the face as it is; the witness's differs (blurred outside the inner face)
    expect(await frameError(live, a, sliders)).toBeLessThan(4);
    expect(await frameError(live, w, sliders)).toBeGreaterThan(await frameError(live, a, sliders));
    expect(Buffer.from(w.jpeg).equals(Buffer.from(a.jpeg))).toBe(false);
    artist.provider.destroy();
    artistFrames.socket.close();
    witnessFrames.socket.close();
  });

  it("refuses a rotated token at once: its sockets are closed and the new token works", async () => {
    const { id, key: artistKey } = await createRoomWithKey(live);
    const witness = await newLink(id, artistKey, "witness");
    const wit = yjsClient(live, id, witness.key);
    await within(wit.synced, "Yjs sync");
    const frames = arraySocket(id, witness.key);
    await frames.joined;
    const yjsClosed = closedWith(wit);
    const socketRefused = new Promise<string>((resolve) =>
      frames.socket.on(EVENTS.error, (e: { message: string }) => resolve(e.message)),
    );
    const res = await api(`/api/rooms/${id}/links/${witness.id}/rotate`, artistKey, { method: "POST" });
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as { key: string; role: string };
    expect(rotated.role).toBe("witness");
    expect((await yjsClosed).code).toBe(CLOSE_FORBIDDEN);
    expect(await socketRefused).toMatch(/replaced/);
    await until(() => !frames.socket.connected);
    expect(await upgradeStatus(id, witness.key)).toBe(403);
    expect((await api(`/api/rooms/${id}`, witness.key)).status).toBe(403);
    expect(await upgradeStatus(id, rotated.key)).toBe("open");
    // the artist cannot revoke the link they are using
    const links = (await (await api(`/api/rooms/${id}/links`, artistKey)).json()) as { id: string; role: string }[];
    const own = links.find((l) => l.role === "artist")?.id;
    expect((await api(`/api/rooms/${id}/links/${own}`, artistKey, { method: "DELETE" })).status).toBe(409);
    wit.provider.destroy();
  });

  it("runs face array rounds: 9 distinct faces, the pick applied and recorded, the chain verifiable", async () => {
    const { id, key: artistKey } = await createRoomWithKey(live);
    const witness = await newLink(id, artistKey, "witness");
    const artist = yjsClient(live, id, artistKey);
    await within(artist.synced, "Yjs sync");
    sessionMap(artist.doc).set(lockKey(2), true);
    const wit = arraySocket(id, witness.key);
    await wit.joined;
    // the array is off: the witness may not ask for it
    wit.socket.emit(ARRAY_EVENTS.show, {});
    await until(() => wit.errors.length > 0);
    expect(wit.errors[0]?.message).toMatch(/not turned the face array on/);
    sessionMap(artist.doc).set("array", true);
    const room = live.server.rooms.get(id)?.room;
    await until(() => room?.doc.getMap("session").get("array") === true);

    const witnessDoc = yjsClient(live, id, witness.key);
    await within(witnessDoc.synced, "Yjs sync");
    const picks: ArrayPicked[] = [];
    wit.socket.on(ARRAY_EVENTS.picked, (p: ArrayPicked) => picks.push(p));
    wit.socket.emit(ARRAY_EVENTS.show, {});
    const depth = searchDepth(live.model.faceSpace.explainedVarianceRatio);
    expect(depth).toBeLessThan(live.model.manifest.latent);
    for (let r = 1; r <= 3; r++) {
      await until(() => wit.rounds.length >= r);
      const round = wit.rounds[r - 1] as ArrayRound;
      expect(round.round).toBe(r);
      expect(round.faces).toHaveLength(ARRAY_SIZE);
      expect(new Set(round.faces.map((f) => f.sliders.join(","))).size).toBe(ARRAY_SIZE);
      // the locked slider never varies; only the leading components the array searches do
      expect(round.components).not.toContain(2);
      for (const k of round.components) expect(k).toBeLessThan(depth);
      for (const f of round.faces) expect(f.sliders[2]).toBe(room?.sliders()[2]);
      // the current face is one of the nine
      expect(round.faces.some((f) => f.sliders.every((v, k) => v === room?.sliders()[k]))).toBe(true);
      expect(round.shown).toBe(r * ARRAY_SIZE);
      // the witness picks; its page writes the face as one step, as the browser does
      wit.socket.emit(ARRAY_EVENTS.pick, { round: r, picks: [r + 1] });
      await until(() => picks.length >= r);
      const chosen = round.faces[r + 1]?.sliders as number[];
      expect(picks[r - 1]?.sliders).toEqual(chosen);
      const changed = chosen.flatMap((v, k) => (v !== round.center[k] ? [k] : []));
      witnessDoc.doc.transact(() => {
        for (const k of changed) sliderStore(witnessDoc.doc).set(sliderKey(k), chosen[k] as number);
      });
      await until(() => changed.every((k) => room?.sliders()[k] === chosen[k]));
    }
    // the round after the last pick is recorded too: the export is taken once it is on screen
    await until(() => wit.rounds.length >= 4);

    const res = await api(`/api/rooms/${id}/record.json`, artistKey);
    expect(res.status).toBe(200);
    const record = (await res.json()) as RecordExport;
    const kinds = record.entries.map((e) => e.kind);
    expect(kinds[0]).toBe("session:start");
    expect(kinds.filter((k) => k === "array:shown").length).toBeGreaterThanOrEqual(3);
    expect(kinds.filter((k) => k === "array:pick")).toHaveLength(3);
    expect(kinds).toContain("settings");
    expect(kinds).toContain("change");
    const change = record.entries.find((e) => e.kind === "change" && e.role === "witness");
    expect(change?.actor).toBe(witness.id);
    expect(verifyRecord(record)).toBeNull();

    // the verifier: the export holds; any altered entry breaks it
    const file = join(dir, "record.json");
    await writeFile(file, JSON.stringify(record));
    const run = (f: string) =>
      promisify(execFile)("npx", ["tsx", "scripts/record-verify.ts", f]).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    expect(await run(file)).toBe(0);
    for (const alter of [
      (r: RecordExport) => {
        (r.entries[1] as { actor: string }).actor = "someone else";
      },
      (r: RecordExport) => {
        r.entries.splice(2, 1);
      },
      (r: RecordExport) => {
        (r.entries.at(-1) as { data: unknown }).data = { round: 99 };
      },
    ]) {
      const copy = structuredClone(record);
      alter(copy);
      expect(verifyRecord(copy)).not.toBeNull();
    }
    const tampered = structuredClone(record);
    (tampered.entries[1] as { at: string }).at = new Date(0).toISOString();
    await writeFile(file, JSON.stringify(tampered));
    expect(await run(file)).toBe(1);
    // and the database refuses to change or delete an entry (its trigger aborts the statement)
    await expect(db.recordEntry.updateMany({ where: { roomId: id }, data: { actor: "x" } })).rejects.toThrow();
    await expect(db.recordEntry.deleteMany({ where: { roomId: id } })).rejects.toThrow();
    expect(await db.recordEntry.count({ where: { roomId: id, actor: "x" } })).toBe(0);
    expect(await db.recordEntry.count({ where: { roomId: id } })).toBe(record.entries.length);
    artist.provider.destroy();
    witnessDoc.provider.destroy();
    wit.socket.close();
  });

  it("searches with the witness: several picks weighed, the round kept for a rejoining witness, picks move the whole face", async () => {
    const { id, key: artistKey } = await createRoomWithKey(live);
    const witness = await newLink(id, artistKey, "witness");
    const artist = yjsClient(live, id, artistKey);
    await within(artist.synced, "Yjs sync");
    // the witness is given slider 1 only: the array's picks still move any free slider
    sessionMap(artist.doc).set("witnessSliders", [0]);
    const room = live.server.rooms.get(id)?.room;
    const witnessDoc = yjsClient(live, id, witness.key);
    await within(witnessDoc.synced, "Yjs sync");
    // before the array is offered, a slider not given is refused
    const refused = closedWith(witnessDoc);
    witnessDoc.doc.transact(() => sliderStore(witnessDoc.doc).set(sliderKey(3), 1));
    expect((await refused).code).toBe(CLOSE_REFUSED);
    witnessDoc.provider.destroy();
    sessionMap(artist.doc).set("array", true);
    await until(() => room?.doc.getMap("session").get("array") === true);

    const wit = arraySocket(id, witness.key);
    await wit.joined;
    wit.socket.emit(ARRAY_EVENTS.show, {});
    await until(() => wit.rounds.length === 1);
    const round = wit.rounds[0] as ArrayRound;
    // a witness who reopens the link sees the same round, and no new faces are counted
    wit.socket.close();
    const again = arraySocket(id, witness.key);
    await again.joined;
    again.socket.emit(ARRAY_EVENTS.current, {});
    await until(() => again.rounds.length === 1);
    expect(again.rounds[0]?.round).toBe(round.round);
    expect(again.rounds[0]?.shown).toBe(ARRAY_SIZE);
    expect(again.rounds[0]?.faces.map((f) => f.sliders)).toEqual(round.faces.map((f) => f.sliders));

    // three faces ticked, the first most like the person: the next face blends them (faceArray.test.ts pins how)
    const picks: ArrayPicked[] = [];
    again.socket.on(ARRAY_EVENTS.picked, (p: ArrayPicked) => picks.push(p));
    const ticked = [0, 4, 8].filter(
      (i) => i !== round.faces.findIndex((f) => f.sliders.join() === round.center.join()),
    );
    again.socket.emit(ARRAY_EVENTS.pick, { round: round.round, picks: ticked });
    await until(() => picks.length === 1 && again.rounds.length === 2);
    const [a, b] = round.components as [number, number];
    const next = picks[0]?.sliders as number[];
    expect([a, b].some((k) => next[k] !== round.center[k])).toBe(true);
    for (const f of ticked) expect(next).not.toEqual(round.faces[f]?.sliders);
    expect(picks[0]?.picks).toEqual(ticked);
    // the next round varies around that face, which is one of its nine
    expect(again.rounds[1]?.center).toEqual(picks[0]?.sliders);
    // the witness's page writes the face: sliders the witness was not given, moved by the array, are accepted
    const writer = yjsClient(live, id, witness.key);
    await within(writer.synced, "Yjs sync");
    const chosen = picks[0]?.sliders as number[];
    const changed = chosen.flatMap((v, k) => (v !== round.center[k] ? [k] : []));
    writer.doc.transact(() => {
      for (const k of changed) sliderStore(writer.doc).set(sliderKey(k), chosen[k] as number);
    });
    await until(() => changed.every((k) => room?.sliders()[k] === chosen[k]));
    // a held-out duplicate tick is refused as invalid
    again.socket.emit(ARRAY_EVENTS.pick, { round: 2, picks: [1, 1] });
    await until(() => again.errors.length > 0);
    expect(again.errors[0]?.message).toBe("invalid pick");
    const record = (await (await api(`/api/rooms/${id}/record.json`, artistKey)).json()) as RecordExport;
    const pick = record.entries.find((e) => e.kind === "array:pick");
    expect((pick?.data as { picks?: number[] } | undefined)?.picks).toEqual(ticked);
    artist.provider.destroy();
    writer.provider.destroy();
    again.socket.close();
  });
});
