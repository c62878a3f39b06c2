/**
 * The databases the persistence tests run against: SQLite always, PostgreSQL when
 * LIKENESS_TEST_POSTGRES names a server (postgres://user:password@host:port/db of a role that may
 * create databases). CI always names one (.ci/run starts PostgreSQL): there the tests never skip it.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { describe } from "vitest";
import { tempDir } from "./tinyDataset";

export const POSTGRES_URL = process.env.LIKENESS_TEST_POSTGRES || undefined;
if (process.env.CI && !POSTGRES_URL)
  throw new Error("CI runs the PostgreSQL tests: .ci/run must start PostgreSQL and set LIKENESS_TEST_POSTGRES");

export type DatabaseKind = "SQLite" | "PostgreSQL";

/** A new, empty database of the kind: a file in a new folder, or a new database on the server. */
export async function freshDatabaseUrl(kind: DatabaseKind, name: string): Promise<string> {
  if (kind === "SQLite") return `file:${join(await tempDir(name), "likeness.db")}`;
  const server = new URL(POSTGRES_URL as string);
  const database = `likeness_test_${name.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`.toLowerCase();
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  server.pathname = `/${database}`;
  return server.toString();
}

let warned = false;
/** One describe block per database; PostgreSQL's is skipped, and says so, without a server. */
export function describeEachDatabase(title: string, body: (kind: DatabaseKind) => void): void {
  describe(`${title} (SQLite)`, () => body("SQLite"));
  if (!POSTGRES_URL && !warned) {
    warned = true;
    console.warn("PostgreSQL tests skipped: set LIKENESS_TEST_POSTGRES=postgres://… to run them (CI does)");
  }
  (POSTGRES_URL ? describe : describe.skip)(`${title} (PostgreSQL)`, () => body("PostgreSQL"));
}
