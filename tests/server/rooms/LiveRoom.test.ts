import { describe, expect, it } from "vitest";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import type { RoomHooks } from "../../../server/rooms/LiveRoom";
import { createRoom, frameClient, startLiveServer, until, yjsClient } from "../../helpers/liveServer";
import { MemoryRoomStorage } from "../../helpers/memoryRoomStorage";

describe("hooks on a room's life", () => {
  it("calls load, change, store and unload in order; a hook that throws stops nothing", async () => {
    const events: string[] = [];
    const recorder: RoomHooks = {
      onLoad: (e) => events.push(`load ${e.name}`),
      onChange: (_e, update, origin) => events.push(`change ${update.byteLength > 0} ${origin ? "client" : "server"}`),
      onStore: () => events.push("store"),
      onUnload: () => events.push("unload"),
    };
    const broken: RoomHooks = {
      onChange: () => {
        throw new Error("a broken extension");
      },
    };
    const logs: string[] = [];
    const live = await startLiveServer({
      store: new MemoryRoomStorage(),
      rooms: { idleMs: 50, compactEvery: 2, hooks: [broken, recorder], log: (l) => logs.push(l) },
    });
    try {
      const roomId = await createRoom(live, "hooked");
      const editor = yjsClient(live, roomId);
      await editor.synced;
      const viewer = frameClient(live, roomId);
      sliderStore(editor.doc).set(sliderKey(1), 1);
      sliderStore(editor.doc).set(sliderKey(2), 2);
      await until(() => live.server.rooms.get(roomId)?.room.sliders()[2] === 2);
      // frames still come: the registry's own hooks ran
      await viewer.waitFor((f) => f.docVersion >= 2);
      editor.provider.destroy();
      viewer.socket.close();
      await until(() => events.includes("unload"));
      expect(events).toEqual(["load hooked", "change true client", "change true client", "store", "store", "unload"]);
      expect(logs.filter((l) => l.includes("room hook onChange failed: a broken extension"))).toHaveLength(2);
    } finally {
      await live.close();
    }
  });
});
