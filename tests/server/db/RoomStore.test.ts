import { createClient } from "@libsql/client";
import { expect, it } from "vitest";
import * as Y from "yjs";
import { readSliders, sliderKey, sliderStore } from "../../../lib/roomDocument";
import { openDatabase } from "../../../server/db/database";
import { RoomStore, type RoomStoreOptions } from "../../../server/db/RoomStore";
import { type DatabaseKind, describeEachDatabase, freshDatabaseUrl } from "../../helpers/databases";
import { until } from "../../helpers/liveServer";
import { tcpProxy } from "../../helpers/tcpProxy";

async function freshStore(url: string, options: RoomStoreOptions = {}) {
  const { db } = await openDatabase(url);
  const store = new RoomStore(db, { flushMs: 20, log: () => {}, ...options });
  await store.createRoom({ id: "room", name: "", modelVersion: "v" });
  return { db, store };
}

/** The sliders a room has in the database: its state plus its logged updates. */
async function storedSliders(store: RoomStore): Promise<number[]> {
  const stored = await store.loadRoom("room");
  const doc = new Y.Doc();
  if (stored?.state) Y.applyUpdate(doc, stored.state);
  for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u.update);
  return Array.from(readSliders(doc, 3));
}

/** A document whose every change is queued in the store, as the room registry does. */
function loggedDoc(store: RoomStore): Y.Doc {
  const doc = new Y.Doc();
  doc.on("update", (update: Uint8Array) => store.append("room", update));
  return doc;
}

/**
 * A database that takes no writes until `release`: SQLite's write lock held by another connection;
 * PostgreSQL out of reach (the store connects through a proxy that drops every connection).
 */
async function unwritableDatabase(kind: DatabaseKind) {
  const url = await freshDatabaseUrl(kind, "store");
  if (kind === "SQLite") {
    const holder = createClient({ url });
    return {
      url,
      block: () => holder.execute("BEGIN EXCLUSIVE").then(() => undefined),
      release: async () => {
        await holder.execute("COMMIT");
        holder.close();
      },
    };
  }
  const direct = new URL(url);
  const proxy = await tcpProxy(Number(direct.port || 5432), direct.hostname);
  direct.port = String(proxy.port);
  return {
    url: direct.toString(),
    block: async () => proxy.cut(),
    release: async () => {
      proxy.restore();
    },
    close: () => proxy.close(),
  };
}

describeEachDatabase("room store", (kind) => {
  it("keeps the updates of failed writes and writes them, in order, once the database takes writes again", async () => {
    const logs: string[] = [];
    const database = await unwritableDatabase(kind);
    const { db, store } = await freshStore(database.url, { log: (line) => logs.push(line) });
    await database.block();
    const doc = loggedDoc(store);
    sliderStore(doc).set(sliderKey(0), 1);
    sliderStore(doc).set(sliderKey(0), 2);
    sliderStore(doc).set(sliderKey(1), -1);
    await until(() => logs.some((l) => l.includes("retrying")), 30_000);
    await expect(store.flush()).rejects.toThrow();
    // PostgreSQL stays away for 10 s: the edits wait in the queue, the store retrying once a second
    if (kind === "PostgreSQL") await new Promise((r) => setTimeout(r, 10_000));
    await database.release();
    await until(async () => (await storedSliders(store)).join() === "2,-1,0", 30_000);
    await store.close();
    await db.$disconnect();
    await database.close?.();
  });

  it("refuses a stale owner's writes once another instance has taken the room over (fencing)", async () => {
    const url = await freshDatabaseUrl(kind, "fencing");
    const fenced: string[] = [];
    const { db, store: first } = await freshStore(url, { fenced: (roomId) => fenced.push(roomId) });
    const second = new RoomStore((await openDatabase(url)).db, { flushMs: 20, log: () => {} });
    expect(await first.claim("room")).toBe(true);
    const doc = loggedDoc(first);
    sliderStore(doc).set(sliderKey(0), 1);
    await first.flush();
    // the second instance takes the room over (its lease expired on the first, say); the first writes late
    expect(await second.claim("room")).toBe(true);
    sliderStore(doc).set(sliderKey(1), 2);
    await first.flush();
    expect(fenced).toEqual(["room"]);
    await expect(first.compact("room", () => ({ state: Y.encodeStateAsUpdate(doc), docEpoch: 0 }))).rejects.toThrow(
      /another instance/,
    );
    // only the second owner's writes land
    const mine = loggedDoc(second);
    sliderStore(mine).set(sliderKey(2), 3);
    await second.flush();
    expect(await storedSliders(second)).toEqual([1, 0, 3]);
    expect(await second.claim("nowhere")).toBe(false);
    await Promise.all([first.close(), second.close()]);
    await db.$disconnect();
  });

  it("compaction keeps an update that arrives while it runs", async () => {
    const { db, store } = await freshStore(await freshDatabaseUrl(kind, "store"));
    const doc = loggedDoc(store);
    sliderStore(doc).set(sliderKey(0), 1);
    const compacted = store.compact("room", () => ({ state: Y.encodeStateAsUpdate(doc), docEpoch: 0 }));
    // queued after compaction began, written by its flush, and deleted with the rest of the log
    sliderStore(doc).set(sliderKey(2), 0.5);
    await compacted;
    expect(await storedSliders(store)).toEqual([1, 0, 0.5]);
    expect((await store.loadRoom("room"))?.updates).toHaveLength(0);
    await store.close();
    await db.$disconnect();
  });
});
