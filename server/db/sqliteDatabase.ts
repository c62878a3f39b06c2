/**
 * SQLite in a file (the default): created and migrated at start (prisma/migrations), then used through
 * the generated Prisma client on the libsql driver adapter, whose one connection is on a thread of its
 * own (sqliteThread.ts).
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { createClient } from "@libsql/client";
import { PrismaClient } from "./generated/client";
import { APPLIED_SQL, appliedOneSql, applyMigrations } from "./migrate";
import { ThreadedLibSql } from "./sqliteThread";

const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export async function openSqlite(url: string, migrations: string): Promise<{ db: PrismaClient; applied: string[] }> {
  await mkdir(dirname(url.slice("file:".length)), { recursive: true });
  const client = createClient({ url });
  try {
    // a rollback journal, not WAL: WAL's index is a memory-mapped file, and a write to it when the disk is
    // full or read-only kills the process with SIGBUS; a rollback journal fails with an error instead
    // (and commits as fast here: docs/robustness.md). The setting converts a database left in WAL mode.
    await client.execute("PRAGMA journal_mode = DELETE");
    await client.execute("PRAGMA busy_timeout = 5000");
    const applied = await applyMigrations(
      {
        ensureLedger: async () => void (await client.execute(LEDGER)),
        applied: async () => (await client.execute(APPLIED_SQL)).rows.map((r) => String(r.migration_name)),
        apply: async (name, sql, row) => {
          // a write transaction (BEGIN IMMEDIATE): processes opening a new file together take turns
          const tx = await client.transaction("write");
          try {
            if ((await tx.execute({ sql: appliedOneSql("?"), args: [name] })).rows.length > 0) {
              await tx.rollback();
              return false;
            }
            await tx.executeMultiple(sql);
            await tx.execute({
              sql: `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`,
              args: [row.id, row.checksum, name],
            });
            await tx.commit();
            return true;
          } catch (error) {
            await tx.rollback();
            throw error;
          }
        },
      },
      migrations,
    );
    return { db: new PrismaClient({ adapter: new ThreadedLibSql({ url }) }), applied };
  } finally {
    client.close();
  }
}
