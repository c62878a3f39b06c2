/**
 * The database: SQLite in a file under data/ by default (DATABASE_URL to change), created and migrated
 * at start, used through the generated Prisma client on the libsql driver adapter.
 */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createClient } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/client";
import { applyMigrations } from "./migrate";

export type Db = PrismaClient;

const ROOT = resolve(import.meta.dirname, "..", "..");
export const DEFAULT_DATABASE_URL = `file:${resolve(ROOT, "data", "likeness.db")}`;

export async function openDatabase(
  url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): Promise<{ db: Db; applied: string[] }> {
  if (!url.startsWith("file:"))
    throw new Error(`DATABASE_URL must be a file: URL for SQLite (got ${url.split(":")[0]}:)`);
  await mkdir(dirname(url.slice("file:".length)), { recursive: true });
  const client = createClient({ url });
  // a rollback journal, not WAL: WAL's index is a memory-mapped file, and a write to it when the disk is
  // full or read-only kills the process with SIGBUS; a rollback journal fails with an error instead
  // (and commits as fast here: docs/robustness.md). The setting converts a database left in WAL mode.
  await client.execute("PRAGMA journal_mode = DELETE");
  await client.execute("PRAGMA busy_timeout = 5000");
  const applied = await applyMigrations(client, resolve(ROOT, "prisma", "migrations"));
  client.close();
  const db = new PrismaClient({ adapter: new PrismaLibSql({ url }) });
  return { db, applied };
}
