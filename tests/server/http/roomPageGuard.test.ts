import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeRoomHeader, ROOM_HEADER } from "../../../lib/roomInfo";
import { openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { createRoom, startLiveServer, until, yjsClient } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

describe("the room page's room", () => {
  it("reaches the page in the request; a room that cannot be served now is a 503 page with the reason", async () => {
    const { db } = await openDatabase(`file:${join(await tempDir("page"), "likeness.db")}`);
    // the pages' handler, as Next.js would be: it shows what the server put in the request
    const live = await startLiveServer({
      store: new RoomStore(db, { flushMs: 20 }),
      rooms: { idleMs: 100, maxRooms: 1 },
      fallback: (req, res) => res.end(req.headers[ROOM_HEADER] ?? "none"),
    });
    try {
      const page = (id: string, init?: RequestInit) => fetch(`${live.server.url}/rooms/${id}`, init);
      const first = await createRoom(live, "first");
      await until(() => live.server.rooms.get(first) === undefined, 5000);
      expect(await (await page("AAAAAAAAAAAAAAAAAAAAAA")).text()).toBe("none");
      // a client cannot choose the room a page shows
      const forged = encodeURIComponent(JSON.stringify({ id: "x", name: "forged" }));
      expect(await (await page("AAAAAAAAAAAAAAAAAAAAAA", { headers: { [ROOM_HEADER]: forged } })).text()).toBe("none");
      const second = await createRoom(live, "second");
      const editor = yjsClient(live, second);
      await editor.synced;
      // the first room is stored but the one room in memory is in use
      const full = await page(first);
      expect(full.status).toBe(503);
      expect(await full.text()).toMatch(/Room unavailable.*maximum of 1 room/s);
      const shown = decodeRoomHeader(await (await page(second)).text());
      expect(shown).toMatchObject({ id: second, name: "second", latent: live.model.manifest.latent });
      editor.provider.destroy();
    } finally {
      await live.close();
      await db.$disconnect();
    }
  });
});
