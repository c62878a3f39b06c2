/**
 * A Redis server of our own (Debian's redis-server) on loopback, keeping nothing on disk: room leases live
 * seconds. restart() gives a Redis that lost every key, as after a crash without persistence.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { freePort } from "./freePort";

export const redisInstalled = (): boolean => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export async function startRedis(port?: number): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  let child: ChildProcess;
  const start = () =>
    new Promise<void>((ready, fail) => {
      child = spawn("redis-server", [
        "--port",
        String(chosen),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
      ]);
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("Ready to accept connections")) ready();
      });
      child.once("exit", (code) => fail(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.removeAllListeners("exit");
      child.once("exit", () => done());
      child.kill("SIGKILL");
    });
  await start();
  return {
    url: `redis://127.0.0.1:${chosen}`,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
