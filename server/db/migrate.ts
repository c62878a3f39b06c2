/**
 * Applies <dir>/<name>/migration.sql files in order at start and records them in Prisma's own
 * _prisma_migrations table, so `prisma migrate status` agrees wherever the Prisma engines exist.
 * (The Prisma 7 CLI's migrate needs an engine download; this needs nothing.) One applier for both
 * databases: each gives its own ledger table and a way to run one migration in a transaction.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface MigrationTarget {
  /** creates the ledger table when it is missing */
  ensureLedger(): Promise<void>;
  /** the names of the migrations already applied */
  applied(): Promise<string[]>;
  /**
   * runs one migration's SQL and records it in the ledger, in one transaction; false when another
   * process applied it first (found in the ledger inside the transaction)
   */
  apply(name: string, sql: string, ledgerRow: { id: string; checksum: string }): Promise<boolean>;
}

export async function applyMigrations(target: MigrationTarget, dir: string): Promise<string[]> {
  await target.ensureLedger();
  const done = new Set(await target.applied());
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const applied: string[] = [];
  for (const name of names) {
    if (done.has(name)) continue;
    const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    let ran: boolean;
    try {
      ran = await target.apply(name, sql, { id: randomUUID(), checksum });
    } catch (error) {
      throw new Error(`migration ${name} failed: ${(error as Error).message}`);
    }
    if (ran) applied.push(name);
  }
  return applied;
}

/** Applied and not rolled back: what both ledgers are asked. */
export const APPLIED_SQL = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
/** The same for one migration, by a placeholder for its name (SQLite's ?, PostgreSQL's $1). */
export const appliedOneSql = (placeholder: string) => `${APPLIED_SQL} AND migration_name = ${placeholder}`;
