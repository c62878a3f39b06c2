import { afterEach, expect, it } from "vitest";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { openDatabase } from "../../../server/db/database";
import { describeEachDatabase, freshDatabaseUrl } from "../../helpers/databases";
import { createRoom, until, yjsClient } from "../../helpers/liveServer";
import { type ProductServer, startProduct } from "../../helpers/productServer";
import { tinyModelDir } from "../../helpers/tinyModel";

/** The window this test pins: an edit is in the database this soon after it reaches the server. */
const DURABLE_WITHIN_MS = 500;

let running: ProductServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop("SIGKILL")));
  running = [];
});

async function product(databaseUrl: string): Promise<ProductServer> {
  const s = await startProduct({ LIKENESS_MODEL: await tinyModelDir(), DATABASE_URL: databaseUrl });
  running.push(s);
  return s;
}

async function roomSliders(url: string, roomId: string): Promise<number[]> {
  const client = yjsClient(url, roomId);
  await client.synced;
  const store = sliderStore(client.doc);
  const values = [0, 1, 2].map((k) => store.get(sliderKey(k)) ?? 0);
  client.provider.destroy();
  return values;
}

describeEachDatabase("durable rooms (real server process)", (kind) => {
  it("restores rooms, their faces and their snapshots after a restart", async () => {
    const databaseUrl = await freshDatabaseUrl(kind, "durable");
    const first = await product(databaseUrl);
    const roomId = await createRoom(first.url, "Kept");
    const editor = yjsClient(first.url, roomId);
    await editor.synced;
    // a new room starts on a training portrait's face: every slider read back is set here
    sliderStore(editor.doc).set(sliderKey(0), 0.75);
    sliderStore(editor.doc).set(sliderKey(1), 1.25);
    sliderStore(editor.doc).set(sliderKey(2), -0.5);
    await until(() => editor.provider.synced);
    await new Promise((r) => setTimeout(r, 300));
    const saved = await fetch(`${first.url}/api/rooms/${roomId}/snapshots`, {
      method: "POST",
      body: JSON.stringify({ name: "Before" }),
    });
    expect(saved.status).toBe(201);
    editor.provider.destroy();
    expect(await first.stop("SIGTERM")).toBe(0);
    running = [];

    const second = await product(databaseUrl);
    const info = (await (await fetch(`${second.url}/api/rooms/${roomId}`)).json()) as { name: string };
    expect(info.name).toBe("Kept");
    expect(await roomSliders(second.url, roomId)).toEqual([0.75, 1.25, -0.5]);
    const snapshots = (await (await fetch(`${second.url}/api/rooms/${roomId}/snapshots`)).json()) as {
      name: string;
      sliders: number[];
    }[];
    expect(snapshots.map((s) => [s.name, s.sliders.slice(0, 3)])).toEqual([["Before", [0.75, 1.25, -0.5]]]);
  });

  it(`keeps an edit made ${DURABLE_WITHIN_MS} ms before the server is killed with SIGKILL`, async () => {
    const databaseUrl = await freshDatabaseUrl(kind, "durable");
    const first = await product(databaseUrl);
    const roomId = await createRoom(first.url);
    const editor = yjsClient(first.url, roomId);
    await editor.synced;
    sliderStore(editor.doc).set(sliderKey(0), 2.75);
    await new Promise((r) => setTimeout(r, DURABLE_WITHIN_MS));
    await first.stop("SIGKILL");
    running = [];
    editor.provider.destroy();
    const second = await product(databaseUrl);
    expect((await roomSliders(second.url, roomId))[0]).toBe(2.75);
  });

  it("never stores over a room whose stored log cannot be loaded", async () => {
    const databaseUrl = await freshDatabaseUrl(kind, "durable");
    const first = await product(databaseUrl);
    const roomId = await createRoom(first.url);
    await first.stop("SIGTERM");
    running = [];
    const { db } = await openDatabase(databaseUrl);
    await db.roomUpdate.create({ data: { roomId, update: new Uint8Array([0, 9, 9, 9, 9]) } });
    const before = await db.roomUpdate.count({ where: { roomId } });
    const second = await product(databaseUrl);
    const res = await fetch(`${second.url}/api/rooms/${roomId}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/could not be loaded/);
    await second.stop("SIGTERM");
    running = [];
    expect(await db.roomUpdate.count({ where: { roomId } })).toBe(before);
    const row = await db.room.findUnique({ where: { id: roomId } });
    expect(row?.state).toBeNull();
    await db.$disconnect();
  });
});
