/**
 * npm run start:cluster -- --instances 3: Likeness as several instances on this machine, behind one
 * address. Uses DATABASE_URL (postgres://…) and REDIS_URL when set; otherwise starts PostgreSQL (Debian's
 * cluster, a "likeness" role and database with a password kept in data/cluster/) and a Redis server of its
 * own, when they are installed. Instances listen on the ports after the front's; Ctrl-C stops them all.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { startFront } from "../server/cluster/front";
import { parseCli, UsageError } from "./cli";
import { redisInstalled, startRedis } from "./services/redisServer";

const { values } = parseCli({
  command: "npm run start:cluster --",
  summary: "Starts several Likeness instances on PostgreSQL and Redis behind one address.",
  options: {
    instances: { type: "string", value: "<n>", default: "3", help: "how many instances" },
    port: { type: "string", value: "<port>", default: process.env.PORT ?? "3000", help: "the one address's port" },
  },
});
const count = Number(values.instances);
const port = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 16) throw new UsageError("--instances takes 1 to 16");
if (!Number.isInteger(port) || port < 1 || port > 65535 - count) throw new UsageError("--port takes a free port");

const root = resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(`[cluster] ${line}`);
const children: ChildProcess[] = [];
const has = (command: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** Debian's PostgreSQL cluster, started, with a "likeness" role and database (as root, or as postgres). */
function localPostgres(): string {
  if (!has("pg_ctlcluster") || !existsSync("/usr/lib/postgresql"))
    throw new UsageError("PostgreSQL is not installed: apt-get install -y postgresql, or set DATABASE_URL");
  if (process.getuid?.() !== 0)
    throw new UsageError("starting PostgreSQL needs root (it runs psql as the postgres user): or set DATABASE_URL");
  const version = readdirSync("/usr/lib/postgresql")
    .sort((a, b) => Number(a) - Number(b))
    .at(-1) as string;
  execFileSync("sh", ["-c", `pg_ctlcluster ${version} main start 2>/dev/null || true`]);
  const dir = resolve(root, "data", "cluster");
  mkdirSync(dir, { recursive: true });
  const passwordFile = resolve(dir, "postgres-password");
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(16).toString("hex"), { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  const sql = `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'likeness') THEN CREATE ROLE likeness LOGIN; END IF; END $$;
ALTER ROLE likeness PASSWORD '${password}';`;
  execFileSync("su", ["postgres", "-c", "psql -q -v ON_ERROR_STOP=1"], { input: sql });
  const exists = execFileSync("su", [
    "postgres",
    "-c",
    "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'likeness'\"",
  ])
    .toString()
    .trim();
  if (exists !== "1") execFileSync("su", ["postgres", "-c", "createdb -O likeness likeness"]);
  return `postgres://likeness:${password}@127.0.0.1:5432/likeness`;
}

const databaseUrl = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : localPostgres();
if (!process.env.REDIS_URL && !redisInstalled())
  throw new UsageError("redis-server is not installed: apt-get install -y redis-server, or set REDIS_URL");
const redis = process.env.REDIS_URL ? undefined : await startRedis(port + count + 1);
const redisUrl = process.env.REDIS_URL || (redis?.url as string);
log(`PostgreSQL ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}, Redis ${redisUrl}`);

interface Instance {
  url: string;
  process: ChildProcess;
  alive: boolean;
}
function startInstance(i: number): Promise<Instance> {
  const instancePort = port + 1 + i;
  const url = `http://127.0.0.1:${instancePort}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(instancePort),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      LIKENESS_INSTANCE_URL: url,
      // the front and the other instances forward requests: the client's address is in X-Forwarded-For
      LIKENESS_TRUST_PROXY: process.env.LIKENESS_TRUST_PROXY || "loopback",
      // one instance runs the admin area's training jobs
      LIKENESS_JOBS: i === 0 ? "1" : "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const instance: Instance = { url, process: child, alive: false };
  return new Promise((ready, fail) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line) console.log(`[${i + 1}] ${line}`);
      if (!instance.alive && chunk.toString().includes("serving at")) {
        instance.alive = true;
        ready(instance);
      }
    });
    child.once("exit", (code) => {
      log(`instance ${i + 1} exited (${code ?? "signal"}): its rooms move to the others`);
      if (!instance.alive) fail(new Error(`instance ${i + 1} did not start`));
      instance.alive = false;
    });
  });
}

/** Everything this script started goes: the instances, then Redis (they give their leases back first). */
async function stopAll(signal: NodeJS.Signals): Promise<void> {
  for (const child of children) child.kill(signal);
  await Promise.all(children.map((c) => new Promise((done) => (c.exitCode !== null ? done(0) : c.once("exit", done)))));
  await redis?.stop();
}

let instances: Instance[];
try {
  // the first builds the web app if it needs building; the others start on its build together
  const first = await startInstance(0);
  instances = [first, ...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startInstance(i + 1))))];
} catch (error) {
  log(`${(error as Error).message}: stopping what started`);
  await stopAll("SIGKILL");
  process.exit(1);
}
await startFront(
  port,
  instances.map((s) => ({ url: s.url, up: () => s.alive })),
);
log(`${count} instance(s) behind http://localhost:${port}`);

const stop = () => {
  log("stopping");
  // instances still closing after 10 s are killed, and Redis with them
  setTimeout(() => void stopAll("SIGKILL").then(() => process.exit(1)), 10_000).unref();
  void stopAll("SIGTERM").then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
