/** Starts the real product (`server/main.ts`, Next.js included) as a child process on a free port. */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "../../scripts/services/freePort";

export interface ProductServer {
  url: string;
  process: ChildProcess;
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startProduct(env: Record<string, string>, timeoutMs = 300_000): Promise<ProductServer> {
  const port = await freePort();
  const root = resolve(import.meta.dirname, "..", "..");
  // node itself runs the server (tsx as a loader, not a wrapper process), so a signal reaches the server
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in time:\n${output.join("")}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /serving (?:\(development\) )?at (http:\/\/[^\s"]+)/.exec(output.join(""));
      if (m) {
        clearTimeout(timer);
        done((m[1] as string).replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${output.join("")}`));
    });
  });
  return {
    url,
    process: child,
    output,
    stop: (signal = "SIGTERM") =>
      new Promise((done) => {
        // already gone (an exit, or a signal: then its code is null)
        if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
        child.once("exit", (code) => done(code));
        child.kill(signal);
      }),
  };
}
