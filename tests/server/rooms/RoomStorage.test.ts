import { describe, expect, it } from "vitest";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { createRoom, startLiveServer, until, yjsClient } from "../../helpers/liveServer";
import { MemoryRoomStorage } from "../../helpers/memoryRoomStorage";

describe("room storage interface", () => {
  it("keeps rooms through any storage that keeps its promises: made, edited, unloaded and loaded back", async () => {
    const storage = new MemoryRoomStorage();
    const live = await startLiveServer({ store: storage, rooms: { idleMs: 50 } });
    try {
      const roomId = await createRoom(live, "kept in memory");
      expect(storage.rooms.get(roomId)?.name).toBe("kept in memory");
      const editor = yjsClient(live, roomId);
      await editor.synced;
      sliderStore(editor.doc).set(sliderKey(2), 1.5);
      await until(() => storage.entries(roomId).length === 1);
      editor.provider.destroy();
      // unloaded after its last connection: the log is compacted into the stored state
      await until(() => live.server.rooms.get(roomId) === undefined && storage.rooms.get(roomId)?.state !== null);
      expect(storage.rooms.get(roomId)?.updates).toEqual([]);
      const again = yjsClient(live, roomId);
      await again.synced;
      expect(sliderStore(again.doc).get(sliderKey(2))).toBe(1.5);
      again.provider.destroy();
    } finally {
      await live.close();
    }
  });
});
