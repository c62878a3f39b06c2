import { join } from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readSliders, sliderKey, sliderStore } from "../../../lib/roomDocument";
import { openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { until } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

async function freshStore(log: (line: string) => void = () => {}) {
  const url = `file:${join(await tempDir("store"), "likeness.db")}`;
  const { db } = await openDatabase(url);
  const store = new RoomStore(db, 20, log);
  await store.createRoom({ id: "room", name: "", modelVersion: "v" });
  return { url, db, store };
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

describe("room store", () => {
  it("keeps the updates of a failed write and writes them, in order, once the database takes writes again", async () => {
    const logs: string[] = [];
    const { url, db, store } = await freshStore((line) => logs.push(line));
    // another connection holds the database's write lock: every write of the store fails
    const holder = createClient({ url });
    await holder.execute("BEGIN EXCLUSIVE");
    const doc = loggedDoc(store);
    sliderStore(doc).set(sliderKey(0), 1);
    sliderStore(doc).set(sliderKey(0), 2);
    sliderStore(doc).set(sliderKey(1), -1);
    await until(() => logs.some((l) => l.includes("retrying")), 30_000);
    await expect(store.flush()).rejects.toThrow();
    await holder.execute("COMMIT");
    holder.close();
    await until(async () => (await storedSliders(store)).join() === "2,-1,0", 30_000);
    await store.close();
    await db.$disconnect();
  });

  it("compaction keeps an update that arrives while it runs", async () => {
    const { db, store } = await freshStore();
    const doc = loggedDoc(store);
    sliderStore(doc).set(sliderKey(0), 1);
    const compacted = store.compact("room", () => Y.encodeStateAsUpdate(doc));
    // queued after compaction began, written by its flush, and deleted with the rest of the log
    sliderStore(doc).set(sliderKey(2), 0.5);
    await compacted;
    expect(await storedSliders(store)).toEqual([1, 0, 0.5]);
    expect((await store.loadRoom("room"))?.updates).toHaveLength(0);
    await store.close();
    await db.$disconnect();
  });
});
