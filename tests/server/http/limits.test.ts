import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { SnapshotStore } from "../../../server/db/SnapshotStore";
import { MAX_SNAPSHOTS_PER_ROOM } from "../../../server/http/snapshotRoutes";
import { createRoom, type Live, startLiveServer } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

let live: Live;
let db: Db;
let snapshots: SnapshotStore;
beforeAll(async () => {
  ({ db } = await openDatabase(`file:${join(await tempDir("limits"), "likeness.db")}`));
  snapshots = new SnapshotStore(db);
  live = await startLiveServer({ store: new RoomStore(db, { flushMs: 20 }), snapshots });
});
afterAll(async () => {
  await live.close();
  await db.$disconnect();
});

describe("limits on the room API", () => {
  it("keeps a room's snapshots at the cap when many saves arrive at once", async () => {
    const roomId = await createRoom(live);
    const thumbnail = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    for (let i = 0; i < MAX_SNAPSHOTS_PER_ROOM - 3; i++) await snapshots.save(roomId, `s${i}`, [0], thumbnail);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${live.server.url}/api/rooms/${roomId}/snapshots`, {
          method: "POST",
          body: JSON.stringify({ name: `parallel ${i}` }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await snapshots.list(roomId)).toHaveLength(MAX_SNAPSHOTS_PER_ROOM);
  });

  it("limits how fast one address exports faces", async () => {
    const roomId = await createRoom(live);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await fetch(`${live.server.url}/api/rooms/${roomId}/face.png`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses).toContain(429);
  });

  it("limits how fast one address draws random faces", async () => {
    const roomId = await createRoom(live);
    // 40 at once: the first 20 (the burst) pass, the rest find the bucket empty
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const res = await fetch(`${live.server.url}/api/rooms/${roomId}/random-face`);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
  });
});
