/**
 * The database: SQLite in a file under data/ by default; DATABASE_URL=file:… for another file, or
 * postgres://… for PostgreSQL (several instances share one). Created or migrated at start.
 */
import { resolve } from "node:path";
import type { PrismaClient } from "./generated/client";
import { openPostgres } from "./postgresDatabase";
import { openSqlite } from "./sqliteDatabase";

/**
 * The stores' client. Both generated clients come from one schema and have the same model API; the
 * PostgreSQL one is typed as the SQLite one (their classes differ only in provider-specific extras
 * that no store uses).
 */
export type Db = PrismaClient;

const ROOT = resolve(import.meta.dirname, "..", "..");
export const DEFAULT_DATABASE_URL = `file:${resolve(ROOT, "data", "likeness.db")}`;

export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`DATABASE_URL must be file:<path> (SQLite) or postgres://… (PostgreSQL), not ${url.split(":")[0]}:`);
}

export async function openDatabase(
  url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
): Promise<{ db: Db; applied: string[]; kind: DatabaseKind }> {
  const kind = databaseKind(url);
  if (kind === "sqlite") return { ...(await openSqlite(url, resolve(ROOT, "prisma", "migrations"))), kind };
  const { db, applied } = await openPostgres(url, resolve(ROOT, "prisma", "postgres", "migrations"));
  return { db: db as unknown as Db, applied, kind };
}
