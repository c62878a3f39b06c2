import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { type RegistryOptions, RoomCapacityError, RoomRegistry } from "../../../server/rooms/RoomRegistry";
import { tinyModels, until } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

/** A registry on the tiny model with a fresh SQLite database; close() ends rendering and the database. */
async function registryWithDatabase(options: RegistryOptions) {
  const { models } = await tinyModels();
  const { db } = await openDatabase(`file:${join(await tempDir("reg"), "x.db")}`);
  const store = new RoomStore(db, { flushMs: 50 });
  const rooms = new RoomRegistry(models, store, options);
  const close = async () => {
    await models.idle();
    await rooms.close();
    await models.close();
    await db.$disconnect();
  };
  return { db, store, rooms, close };
}

describe("room registry with a database", () => {
  it("unloads idle rooms after compacting their log, and loads them back on the next join", async () => {
    const { db, store, rooms, close } = await registryWithDatabase({ idleMs: 200 });
    const entry = await rooms.create("idle");
    const id = entry.room.id;
    const leave = entry.join(() => {});
    for (let i = 1; i <= 20; i++)
      entry.room.doc.transact(() => sliderStore(entry.room.doc).set(sliderKey(i % 4), i / 10));
    await store.flush();
    expect(await db.roomUpdate.count({ where: { roomId: id } })).toBeGreaterThan(0);
    leave();
    await until(() => rooms.get(id) === undefined, 5000);
    // the log is folded into the stored state as the room leaves (the database thread may still be at it)
    await until(async () => (await db.roomUpdate.count({ where: { roomId: id } })) === 0, 5000);
    expect((await db.room.findUnique({ where: { id } }))?.state).not.toBeNull();
    const back = await rooms.open(id);
    expect(back?.name).toBe("idle");
    expect(Array.from(back?.room.sliders().subarray(0, 4) ?? [])).toEqual([2, 1.7, 1.8, 1.9]);
    await close();
  });

  it("refuses to create or load a room beyond its capacity, and takes rooms again once one leaves memory", async () => {
    const { rooms, close } = await registryWithDatabase({ idleMs: 100, maxRooms: 2 });
    const a = await rooms.create("a");
    const b = await rooms.create("b");
    b.join(() => {});
    await expect(rooms.create("c")).rejects.toThrow(RoomCapacityError);
    await until(() => rooms.get(a.room.id) === undefined, 5000);
    const c = await rooms.create("c");
    // full again: the unloaded room stays in the database but cannot come back into memory now
    await expect(rooms.open(a.room.id)).rejects.toThrow(/maximum of 2 rooms/);
    expect(rooms.size).toBe(2);
    expect(c.name).toBe("c");
    await close();
  });
});
