import { expect, it } from "vitest";
import { openDatabase } from "../../../server/db/database";
import { RecordStore } from "../../../server/db/RecordStore";
import { RoomStore } from "../../../server/db/RoomStore";
import { describeEachDatabase, freshDatabaseUrl } from "../../helpers/databases";

describeEachDatabase("database", (kind) => {
  it("migrates a new database once, even when several instances open it at the same time", async () => {
    const url = await freshDatabaseUrl(kind, "migrate");
    const opened = await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);
    // every migration applied by exactly one of them; the others found it done
    const applied = opened.flatMap((o) => o.applied);
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);
    const again = await openDatabase(url);
    expect(again.applied).toEqual([]);
    for (const o of [...opened, again]) await o.db.$disconnect();
  });

  it("keeps the session record append-only: the database refuses to change or delete an entry", async () => {
    const { db } = await openDatabase(await freshDatabaseUrl(kind, "record"));
    await new RoomStore(db).createRoom({ id: "room", name: "", modelVersion: "v" });
    const record = new RecordStore(db);
    const entry = { at: new Date().toISOString(), actor: "a", role: "artist", data: { x: 1 }, prevHash: "0" };
    await record.append("room", [
      { ...entry, seq: 1, kind: "session:start", hash: "h1" },
      { ...entry, seq: 2, kind: "change", hash: "h2", prevHash: "h1" },
    ]);
    expect((await record.list("room")).map((e) => e.hash)).toEqual(["h1", "h2"]);
    // (the triggers' message reaches Prisma as a constraint violation from SQLite, as itself from PostgreSQL)
    await expect(db.recordEntry.updateMany({ where: { roomId: "room" }, data: { actor: "b" } })).rejects.toThrow();
    await expect(db.recordEntry.deleteMany({ where: { roomId: "room" } })).rejects.toThrow();
    expect((await record.list("room")).map((e) => [e.hash, e.actor])).toEqual([
      ["h1", "a"],
      ["h2", "a"],
    ]);
    await db.$disconnect();
  });
});
