/**
 * The rooms server (roomServer.ts) as a child process of a benchmark: started in a mode, asked for its
 * CPU time, memory and frames over IPC, and stopped (SIGTERM, so that a CPU profile it was started with
 * is written).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../services/freePort";
import { startRedis } from "../services/redisServer";

export const SERVER_MODES = ["memory", "sqlite", "no-decode", "edits", "cluster", "drags", "local"] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

export interface ServerLaunch {
  /** the checkout whose server runs */
  root: string;
  model: string;
  /** a folder for the server's CPU profile (node --cpu-prof) */
  profile?: string;
}

export interface ServerStats {
  cpuSeconds: number;
  rssBytes: number;
  frames: number;
}

export async function startServer(
  launch: ServerLaunch,
  mode: ServerMode,
  cluster?: { redis: string; port: number; database: string },
): Promise<{ url: string; child: ChildProcess }> {
  // node runs the server itself (tsx as a loader), so killing the child really stops the server
  const profile = launch.profile ? ["--cpu-prof", "--cpu-prof-dir", launch.profile] : [];
  const args = [...profile, "--import", "tsx", "scripts/bench/roomServer.ts", "--model", launch.model];
  if (mode === "no-decode") args.push("--skip-decode");
  if (mode === "edits") args.push("--no-frames");
  if (mode === "sqlite")
    args.push("--database", `file:${join(mkdtempSync(join(tmpdir(), "bench-rooms-")), "rooms.db")}`);
  if (cluster) args.push("--database", cluster.database, "--redis", cluster.redis, "--port", String(cluster.port));
  const child = spawn(process.execPath, args, { cwd: launch.root, stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /serving at (\S+)/.exec(out);
      if (m) done(m[1] as string);
    });
    child.once("exit", (code) => fail(new Error(`bench server exited with ${code}`)));
  });
  return { url, child };
}

/** SIGTERM (a profile the server was started with is written), then SIGKILL after 10 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The server's CPU time, memory and frames rendered so far. */
export const stats = (child: ChildProcess) =>
  new Promise<ServerStats>((done) => {
    child.once("message", (m) => done(m as ServerStats));
    child.send("stats");
  });

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** One figure summed over several servers. */
export const sum = (xs: ServerStats[], key: "cpuSeconds" | "frames" | "rssBytes") =>
  xs.reduce((total, x) => total + x[key], 0);

/** Mode "cluster": a Redis of its own and n instances on the shared PostgreSQL database, started together. */
export async function startCluster(launch: ServerLaunch, n: number, database: string) {
  const redis = await startRedis();
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
  const servers = await Promise.all(
    ports.map((port) => startServer(launch, "cluster", { redis: redis.url, port, database })),
  );
  return { servers, stop: () => redis.stop() };
}
