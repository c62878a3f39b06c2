import { expect, it } from "vitest";
import * as Y from "yjs";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { openDatabase } from "../../../server/db/database";
import { RoomStore } from "../../../server/db/RoomStore";
import { SnapshotStore } from "../../../server/db/SnapshotStore";
import { describeEachDatabase, freshDatabaseUrl } from "../../helpers/databases";
import { createRoom, startLiveServer, until, yjsClient } from "../../helpers/liveServer";

const EDITS = 200;
const EDIT_EVERY_MS = 20;
const SAVE_EVERY_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase("group commit beside the other writes", (kind) => {
  // the case that once deadlocked a log writer with a connection of its own against the stores' connection
  it(`relays every edit while snapshots are saved (edits at ${1000 / EDIT_EVERY_MS} Hz, a save every ${SAVE_EVERY_MS} ms)`, async () => {
    const { db } = await openDatabase(await freshDatabaseUrl(kind, "commit"));
    const store = new RoomStore(db);
    const snapshots = new SnapshotStore(db);
    const live = await startLiveServer({ store, snapshots });
    try {
      const roomId = await createRoom(live);
      const editor = yjsClient(live, roomId);
      const watcher = yjsClient(live, roomId);
      await Promise.all([editor.synced, watcher.synced]);
      const seen = new Set<number>();
      const watched = sliderStore(watcher.doc);
      watched.on("change", () => seen.add(watched.get(sliderKey(0)) ?? 0));

      let saving = true;
      let saved = 0;
      const saver = (async () => {
        while (saving) {
          await snapshots.save(roomId, `save ${saved}`, [saved / EDITS], new Uint8Array(2048));
          saved++;
          await sleep(SAVE_EVERY_MS);
        }
      })();
      const values = Array.from({ length: EDITS }, (_, i) => (i + 1) / 100);
      for (const value of values) {
        sliderStore(editor.doc).set(sliderKey(0), value);
        await sleep(EDIT_EVERY_MS);
      }
      await until(() => seen.has(values.at(-1) as number), 15_000).catch(() => {});
      saving = false;
      await saver;

      expect(values.filter((v) => !seen.has(v))).toEqual([]);
      expect(saved).toBeGreaterThan((EDITS * EDIT_EVERY_MS) / SAVE_EVERY_MS / 2);
      // and every edit is in the database
      await store.flush();
      const stored = await store.loadRoom(roomId);
      const doc = new Y.Doc();
      if (stored?.state) Y.applyUpdate(doc, stored.state);
      for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u.update);
      expect(sliderStore(doc).get(sliderKey(0))).toBe(values.at(-1));
      editor.provider.destroy();
      watcher.provider.destroy();
    } finally {
      await live.close();
      await db.$disconnect();
    }
  });
});
