/**
 * PostgreSQL (DATABASE_URL=postgres://…): migrated at start (prisma/postgres/migrations) under an
 * advisory lock, so instances starting together migrate once, then used through the PostgreSQL
 * Prisma client (generated from the same schema) on the pg driver adapter.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated-postgres/client";
import { APPLIED_SQL, applyMigrations } from "./migrate";

const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
/** any fixed number: the lock every instance takes to migrate */
const MIGRATION_LOCK = 0x4c696b65;

export async function openPostgres(url: string, migrations: string): Promise<{ db: PrismaClient; applied: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const applied = await applyMigrations(
      {
        ensureLedger: async () => void (await client.query(LEDGER)),
        applied: async () => (await client.query(APPLIED_SQL)).rows.map((r) => String(r.migration_name)),
        apply: async (name, sql, row) => {
          await client.query("BEGIN");
          try {
            await client.query(sql);
            await client.query(
              `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
              [row.id, row.checksum, name],
            );
            await client.query("COMMIT");
            // the advisory lock makes instances take turns: what is not in the ledger is this one's to apply
            return true;
          } catch (error) {
            await client.query("ROLLBACK");
            throw error;
          }
        },
      },
      migrations,
    );
    return { db: new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }), applied };
  } finally {
    await client.end();
  }
}
