/**
 * Several instances on PostgreSQL and Redis, as real processes on loopback: rooms are owned by one
 * instance and reached through any; the owner killed with SIGKILL, or Redis losing every key, moves the
 * room to another instance with no edit anyone saw lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSliders, sliderKey, sliderStore } from "../../../lib/roomDocument";
import { freshDatabaseUrl, POSTGRES_URL } from "../../helpers/databases";
import { createRoom, frameClient, until, yjsClient } from "../../helpers/liveServer";
import { type ProductServer, startProduct } from "../../helpers/productServer";
import { REDIS_INSTALLED, type RedisServer, startRedis } from "../../helpers/redisServer";
import { tinyModelDir } from "../../helpers/tinyModel";

const READY = Boolean(POSTGRES_URL) && REDIS_INSTALLED;
if (!READY)
  console.warn("several-instance tests skipped: they need LIKENESS_TEST_POSTGRES and redis-server (CI has both)");

/** the tiny model's sliders */
const LATENT = 80;
let redis: RedisServer;
const instances: ProductServer[] = [];

async function instance(databaseUrl: string): Promise<ProductServer> {
  const s = await startProduct({
    LIKENESS_MODEL: await tinyModelDir(),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
  });
  instances.push(s);
  return s;
}

/** The instances whose logs say they owned the room, first owner first. */
const ownersOf = (roomId: string) => instances.filter((s) => s.output.join("").includes(`room ${roomId}: owned here`));

beforeAll(async () => {
  if (!READY) return;
  redis = await startRedis();
}, 60_000);
afterAll(async () => {
  await Promise.all(instances.map((s) => s.stop("SIGKILL")));
  await redis?.stop();
});

describe.skipIf(!READY)("several instances (PostgreSQL, Redis)", () => {
  it("lets clients on different instances co-edit one room: one owner, the same document and frames", async () => {
    const databaseUrl = await freshDatabaseUrl("PostgreSQL", "cluster");
    const [a, b] = [await instance(databaseUrl), await instance(databaseUrl)] as [ProductServer, ProductServer];
    const roomId = await createRoom(a.url, "Shared");
    const onA = yjsClient(a.url, roomId);
    const onB = yjsClient(b.url, roomId);
    await Promise.all([onA.synced, onB.synced]);
    sliderStore(onA.doc).set(sliderKey(0), 1.5);
    await until(() => sliderStore(onB.doc).get(sliderKey(0)) === 1.5);
    sliderStore(onB.doc).set(sliderKey(1), -1);
    await until(() => sliderStore(onA.doc).get(sliderKey(1)) === -1);
    // the room's API answers the same through either instance
    const info = await Promise.all(
      [a, b].map(async (s) => (await (await fetch(`${s.url}/api/rooms/${roomId}`)).json()) as { name: string }),
    );
    expect(info.map((i) => i.name)).toEqual(["Shared", "Shared"]);
    // frames rendered by the owner reach a frame socket on the other instance
    const frames = frameClient(b.url, roomId);
    await frames.waitFor(() => true);
    expect(ownersOf(roomId)).toEqual([a]);
    frames.socket.close();
    for (const c of [onA, onB]) c.provider.destroy();
  }, 300_000);

  it("moves a room whose owner is killed mid-burst to another instance, losing no edit anyone saw", async () => {
    const databaseUrl = await freshDatabaseUrl("PostgreSQL", "takeover");
    const [a, b, c] = [await instance(databaseUrl), await instance(databaseUrl), await instance(databaseUrl)];
    const roomId = await createRoom(a.url);
    // the editor and the observer reach the room through the two instances that do not own it
    const editor = yjsClient(b.url, roomId);
    const observer = yjsClient(c.url, roomId);
    await Promise.all([editor.synced, observer.synced]);
    // each slider written once, every 10 ms: what the observer has is exactly what it was sent
    let made = 0;
    const burst = setInterval(
      () => made < LATENT && sliderStore(editor.doc).set(sliderKey(made), 1 + made++ / 100),
      10,
    );
    await new Promise((r) => setTimeout(r, 500));
    await a.stop("SIGKILL");
    const killedAt = performance.now();
    clearInterval(burst);
    // an edit is sent to others only once stored: what the observer saw must survive, even though neither
    // client can send anything again (both leave now)
    const seen = Array.from(readSliders(observer.doc, LATENT));
    for (const client of [editor, observer]) client.provider.destroy();
    // a new client, through an instance still up, reads the room once another instance owns it
    const reader = yjsClient(b.url, roomId);
    await reader.synced;
    const takeoverMs = performance.now() - killedAt;
    const stored = Array.from(readSliders(reader.doc, LATENT));
    const lost = seen.filter((v, k) => v !== 0 && stored[k] !== v).length;
    const seenCount = seen.filter((v) => v !== 0).length;
    console.log(
      `takeover: ${(takeoverMs / 1000).toFixed(1)} s from SIGKILL to a client synced again; ${made} edits made, ` +
        `${seenCount} seen by the observer, ${stored.filter((v) => v !== 0).length} stored, ${lost} seen and lost`,
    );
    expect(seenCount).toBeGreaterThan(10);
    expect(lost).toBe(0);
    expect(ownersOf(roomId)).toHaveLength(2);
    expect(ownersOf(roomId)[0]).toBe(a);
    // and the room goes on: an edit through one surviving instance reaches a client on the other
    const other = yjsClient(c.url, roomId);
    await other.synced;
    sliderStore(reader.doc).set(sliderKey(0), -3);
    await until(() => sliderStore(other.doc).get(sliderKey(0)) === -3, 15_000);
    for (const client of [reader, other]) client.provider.destroy();
  }, 300_000);

  it("recovers rooms when Redis restarts having lost every lease", async () => {
    const databaseUrl = await freshDatabaseUrl("PostgreSQL", "redis-restart");
    const [a, b] = [await instance(databaseUrl), await instance(databaseUrl)] as [ProductServer, ProductServer];
    const roomId = await createRoom(a.url);
    const onA = yjsClient(a.url, roomId);
    const onB = yjsClient(b.url, roomId);
    await Promise.all([onA.synced, onB.synced]);
    sliderStore(onA.doc).set(sliderKey(0), 2);
    await until(() => sliderStore(onB.doc).get(sliderKey(0)) === 2);
    await redis.restart();
    sliderStore(onB.doc).set(sliderKey(1), -2);
    await until(() => sliderStore(onA.doc).get(sliderKey(1)) === -2, 30_000);
    const reader = yjsClient(b.url, roomId);
    await reader.synced;
    await until(() => readSliders(reader.doc, 2).join() === "2,-2", 15_000);
    for (const client of [onA, onB, reader]) client.provider.destroy();
  }, 300_000);
});
