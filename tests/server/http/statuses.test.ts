import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { SnapshotStore } from "../../../server/db/SnapshotStore";
import { createRoom, type Live, startLiveServer, until, yjsClient } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

let live: Live;
let db: Db;
const logged: string[] = [];
beforeAll(async () => {
  ({ db } = await openDatabase(`file:${join(await tempDir("statuses"), "likeness.db")}`));
  live = await startLiveServer({
    store: new RoomStore(db),
    snapshots: new SnapshotStore(db),
    rooms: { idleMs: 50 },
    // the pages, as the web app would serve them
    fallback: (_req, res) => res.end("a page"),
    log: (line) => logged.push(line),
  });
});
afterAll(async () => {
  await live.close();
  await db.$disconnect();
});

const url = (path: string) => `${live.server.url}${path}`;

/** A stored room that is unloaded from memory, so the next request reads it from the database. */
async function storedRoom(): Promise<string> {
  const id = await createRoom(live);
  await until(() => live.server.rooms.get(id) === undefined, 5000);
  return id;
}

describe("HTTP statuses and headers", () => {
  it("answers a known path with the wrong method 405, naming the allowed ones", async () => {
    const id = await createRoom(live);
    const cases: [string, string, string][] = [
      ["/api/rooms", "GET", "POST"],
      [`/api/rooms/${id}`, "POST", "GET, HEAD"],
      [`/api/rooms/${id}/face.png`, "DELETE", "GET, HEAD"],
      [`/api/rooms/${id}/snapshots`, "DELETE", "GET, HEAD, POST"],
      ["/api/health", "POST", "GET, HEAD"],
    ];
    for (const [path, method, allow] of cases) {
      const res = await fetch(url(path), { method });
      expect([path, method, res.status, res.headers.get("allow")]).toEqual([path, method, 405, allow]);
    }
  });

  it("answers a malformed link 400 whatever the method, and anything but GET or HEAD on a page 405", async () => {
    const id = await createRoom(live);
    const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
    for (const path of ["/rooms/%ZZ", "/rooms/%C0%AF", "/rooms/%", "/%ZZ", "/api/rooms/%ZZ"])
      for (const method of methods)
        expect([path, method, (await fetch(url(path), { method })).status]).toEqual([path, method, 400]);
    for (const path of [`/rooms/${id}`, "/rooms/AAAAAAAAAAAAAAAAAAAAAA", "/", "/admin"])
      for (const method of methods.slice(2)) {
        const res = await fetch(url(path), { method });
        expect([path, method, res.status, res.headers.get("allow")]).toEqual([path, method, 405, "GET, HEAD"]);
      }
    // a multipart post to a room page (what a server action would send) is refused before the web app
    const form = new FormData();
    form.set("file", new Blob(["x".repeat(1000)]), "x.bin");
    expect((await fetch(url(`/rooms/${id}`), { method: "POST", body: form })).status).toBe(405);
    expect((await fetch(url(`/rooms/${id}`))).status).toBe(200);
    // refusals are the client's errors: nothing in the server's log
    expect(logged.filter((line) => /request failed|Server Action/i.test(line))).toEqual([]);
  });

  it("names every request with an id in its answer, keeping a proxy's own", async () => {
    const ids = new Set<string | null>();
    for (const path of ["/api/health", "/api/nothing", "/rooms/%ZZ"])
      ids.add((await fetch(url(path))).headers.get("x-request-id"));
    expect(ids.size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(url("/api/health"), { headers: { "x-request-id": "edge-42.a" } });
    expect(given.headers.get("x-request-id")).toBe("edge-42.a");
    const hostile = await fetch(url("/api/health"), { headers: { "x-request-id": "a b <script>" } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("tells a monitor the server is up and nothing about its machine", async () => {
    const res = await fetch(url("/api/health"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, model: live.model.manifest.version });
  });

  it("sends the security headers on every response, errors included", async () => {
    for (const path of ["/api/health", "/api/nothing", "/rooms/%ZZ"]) {
      const res = await fetch(url(path));
      expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("answers a malformed room link 400 with a page saying so", async () => {
    const res = await fetch(url("/rooms/%ZZ"));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/malformed/);
  });

  it("refuses a room whose stored row is corrupt with 503, alone: other rooms and room creation work", async () => {
    const good = await storedRoom();
    const corrupt = await storedRoom();
    const unreadable = await storedRoom();
    await db.$executeRawUnsafe(`UPDATE "Room" SET "state" = X'00090909' WHERE "id" = ?`, corrupt);
    await db.$executeRawUnsafe(`UPDATE "Room" SET "createdAt" = X'00ff' WHERE "id" = ?`, unreadable);
    for (const id of [corrupt, unreadable]) {
      const api = await fetch(url(`/api/rooms/${id}`));
      expect([id === corrupt ? "corrupt" : "unreadable", api.status]).toEqual([
        id === corrupt ? "corrupt" : "unreadable",
        503,
      ]);
      expect(((await api.json()) as { error: string }).error).toMatch(/could not be (loaded|read)/);
      const page = await fetch(url(`/rooms/${id}`));
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/Room unavailable/);
    }
    expect((await fetch(url(`/api/rooms/${good}`))).status).toBe(200);
    const editor = yjsClient(live, good);
    await editor.synced;
    editor.provider.destroy();
    expect(await createRoom(live)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe("per-address request limit", () => {
  it("answers 429 past the burst, on any route", async () => {
    const limited = await startLiveServer({ limits: { requestsPerSecond: 0.1, requestBurst: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${limited.server.url}/api/nothing`)).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
