/**
 * Where the room store's group commits go: one transaction appends a batch of room updates to the log
 * and marks their rooms active, through Prisma in this thread. (A writer thread with a connection of its
 * own was tried and not kept: with SQLite's rollback journal it deadlocked against Prisma's connections
 * under concurrent snapshot saves; docs/robustness.md.)
 */
import type { Db } from "./database";

export interface LogEntry {
  roomId: string;
  update: Uint8Array;
}

export interface LogWriter {
  /** resolves once the batch is committed; rejects, writing nothing, when it could not be */
  write(entries: LogEntry[]): Promise<void>;
  close(): Promise<void>;
}

export function prismaLogWriter(db: Db): LogWriter {
  return {
    async write(entries) {
      await db.$transaction([
        db.roomUpdate.createMany({
          data: entries.map((e) => ({ roomId: e.roomId, update: new Uint8Array(e.update) })),
        }),
        db.room.updateMany({
          where: { id: { in: [...new Set(entries.map((e) => e.roomId))] } },
          data: { lastActiveAt: new Date() },
        }),
      ]);
    },
    async close() {},
  };
}
