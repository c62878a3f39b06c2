/**
 * Encodes decoded faces (faceEncoding.ts: JPEG, and the blurred variant) on worker threads, so neither
 * sharp's per-image set-up nor the blur's pixel loops run on the event loop. A task goes to the worker
 * with the fewest in flight; the face's bytes move to it (no copy). A worker that fails fails only its
 * own tasks and is replaced on the next one. Workers start on first use and keep the process alive only
 * while they have work.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { workerSource } from "../workerSource";
import type { EncodeReply, EncodeTask } from "./faceEncoderWorker";
import type { EncodedFace } from "./faceEncoding";

interface Pending {
  resolve(face: EncodedFace): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
}

const moduleUrl = new URL(`./faceEncoderWorker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Workers by default: half the cores (the decoder has the rest), at least 1, at most 4. */
export const defaultEncoderThreads = () => Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));

export class FaceEncoderPool {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly size = defaultEncoderThreads()) {}

  /** Encodes one face; `bytes` (H × W × 3) is moved to the worker: pass a buffer of its own, unused after. */
  async encode(bytes: Uint8Array, width: number, height: number, blur: boolean): Promise<EncodedFace> {
    if (this.closed) throw new Error("the face encoder is closed");
    const thread = this.pick();
    await thread.ready;
    // closed, or the worker gone, while it started: its messages would never be answered
    if (this.closed || !this.threads.includes(thread)) throw new Error("the face encoder stopped");
    const id = this.nextId++;
    return new Promise<EncodedFace>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      if (thread.pending.size === 1) thread.worker.ref();
      const task: EncodeTask = { id, bytes, width, height, blur };
      thread.worker.postMessage(task, [bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.threads.splice(0).map((t) => {
        t.worker.ref();
        return t.worker.terminate();
      }),
    );
  }

  private pick(): Thread {
    if (this.threads.length < this.size) {
      const thread = this.start();
      this.threads.push(thread);
      return thread;
    }
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private start(): Thread {
    const worker = new Worker(workerSource(moduleUrl), { eval: true });
    const pending = new Map<number, Pending>();
    const thread: Thread = { worker, pending, ready: Promise.resolve() };
    const fail = (error: Error) => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    thread.ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => {
        if (pending.size === 0) worker.unref();
        resolve();
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`face encoder exited (code ${code})`)));
    });
    worker.on("message", (reply: EncodeReply | "ready") => {
      if (reply === "ready") return;
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (!p) return;
      if ("error" in reply) p.reject(new Error(`face not encoded: ${reply.error}`));
      else p.resolve({ jpeg: asBuffer(reply.jpeg), blurred: reply.blurred && asBuffer(reply.blurred) });
    });
    worker.on("error", (error) => fail(new Error(`face encoder failed: ${error.message}`)));
    worker.on("exit", (code) => fail(new Error(`face encoder exited (code ${code})`)));
    // a start that fails is reported to the tasks that wait on it, not as an unhandled rejection
    thread.ready.catch(() => {});
    return thread;
  }
}
