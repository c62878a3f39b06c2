/**
 * Starts a background job in a process of its own (training/jobWorker.ts, run from this checkout's
 * sources), at a lower CPU priority than the server so rooms keep their frame rate while a model trains.
 * The server never imports the training code: it only starts this process and reads its messages.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { setPriority } from "node:os";
import { resolve } from "node:path";
import type { JobMessage, JobSpec } from "../../facemodel/jobProtocol";

const ROOT = resolve(import.meta.dirname, "..", "..");
/** nice 10: the job gets the CPU the server leaves */
const JOB_PRIORITY = 10;

export interface RunningJob {
  process: ChildProcess;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  cancel(): void;
}

export function startJob(spec: JobSpec, onMessage: (message: JobMessage) => void): RunningJob {
  const child = spawn(process.execPath, ["--import", "tsx", "training/jobWorker.ts", JSON.stringify(spec)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, JOB_PRIORITY);
    } catch {
      // not allowed here: the job runs at the server's priority
    }
  }
  child.on("message", (m) => onMessage(m as JobMessage));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((done) =>
    // "close", not "exit": the messages still on their way arrive first
    child.once("close", (code) => {
      if (code !== 0 && stderr.trim())
        onMessage({ type: "log", line: stderr.trim().split("\n").at(-1) ?? "", level: "warn" });
      done(code);
    }),
  );
  return { process: child, exited, cancel: () => child.kill("SIGTERM") };
}
