import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOM_LOOKUP, type RoomLookup } from "../../lib/roomInfo";
import { openDatabase } from "../../server/db/database";
import { RoomStore } from "../../server/db/RoomStore";
import { createRoom, startLiveServer, until, yjsClient } from "../helpers/liveServer";
import { tempDir } from "../helpers/tinyDataset";

describe("room lookup for the room page", () => {
  it("tells a room that cannot be served now (server full) from a missing one, and gives the reason", async () => {
    const { db } = await openDatabase(`file:${join(await tempDir("lookup"), "likeness.db")}`);
    const live = await startLiveServer({ store: new RoomStore(db, 20), rooms: { idleMs: 100, maxRooms: 1 } });
    try {
      const lookup = (globalThis as Record<symbol, unknown>)[ROOM_LOOKUP] as RoomLookup;
      const first = await createRoom(live, "first");
      await until(() => live.server.rooms.get(first) === undefined, 5000);
      expect(await lookup("AAAAAAAAAAAAAAAAAAAAAA")).toBeUndefined();
      const second = await createRoom(live, "second");
      const editor = yjsClient(live, second);
      await editor.synced;
      // the first room is stored but the one room in memory is in use
      expect(await lookup(first)).toEqual({ unavailable: expect.stringMatching(/maximum of 1 room/) });
      expect(await lookup(second)).toMatchObject({ id: second, name: "second" });
      editor.provider.destroy();
    } finally {
      await live.close();
      await db.$disconnect();
    }
  });
});
