/**
 * The worker thread that writes the rooms' update log: its own SQLite connection (waiting up to 5 s for
 * the write lock), one transaction per batch. It runs apart from the event loop, so the disk's flush of
 * each commit never holds up the server's sockets and renders.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createClient } from "@libsql/client";
import type { LogEntry, LogRequest } from "./logWriter";

const client = createClient({ url: (workerData as { url: string }).url });
await client.execute("PRAGMA busy_timeout = 5000");
parentPort?.postMessage({ ready: true });

parentPort?.on("message", async ({ id, entries }: LogRequest) => {
  try {
    // the text Prisma writes for a DateTime on SQLite
    const now = new Date().toISOString().replace("Z", "+00:00");
    const rooms = [...new Set(entries.map((e: LogEntry) => e.roomId))];
    await client.batch(
      [
        ...entries.map((e) => ({
          sql: `INSERT INTO "RoomUpdate" ("roomId", "update", "createdAt") VALUES (?, ?, ?)`,
          args: [e.roomId, e.update, now],
        })),
        ...rooms.map((roomId) => ({ sql: `UPDATE "Room" SET "lastActiveAt" = ? WHERE "id" = ?`, args: [now, roomId] })),
      ],
      "write",
    );
    parentPort?.postMessage({ id });
  } catch (error) {
    parentPort?.postMessage({ id, error: (error as Error).message });
  }
});
