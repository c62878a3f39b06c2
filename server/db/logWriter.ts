/**
 * Where the room store's group commits go: one transaction appends a batch of room updates to the log
 * and marks their rooms active. In this thread through Prisma, or in a worker thread with a connection of
 * its own (what the server uses: a commit's disk flush, a few ms, then never blocks the event loop).
 */
import { Worker } from "node:worker_threads";
import { workerSource } from "../workerSource";
import type { Db } from "./database";

export interface LogEntry {
  roomId: string;
  update: Uint8Array;
}

export interface LogRequest {
  id: number;
  entries: LogEntry[];
}

export interface LogWriter {
  /** resolves once the batch is committed; rejects, writing nothing, when it could not be */
  write(entries: LogEntry[]): Promise<void>;
  close(): Promise<void>;
}

export function prismaLogWriter(db: Db): LogWriter {
  return {
    async write(entries) {
      await db.$transaction([
        db.roomUpdate.createMany({
          data: entries.map((e) => ({ roomId: e.roomId, update: new Uint8Array(e.update) })),
        }),
        db.room.updateMany({
          where: { id: { in: [...new Set(entries.map((e) => e.roomId))] } },
          data: { lastActiveAt: new Date() },
        }),
      ]);
    },
    async close() {},
  };
}

/**
 * A SQLite database's log written from a worker thread; resolves once the thread is ready (its start
 * takes ~0.3 s), so a server never takes edits it cannot write yet. A crashed thread is started again on
 * the next write.
 */
export async function threadLogWriter(url: string): Promise<LogWriter> {
  let ready: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let worker: Worker | null = null;
  let next = 0;
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const start = (): Worker => {
    const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
    const w = new Worker(workerSource(new URL(`./logWriterThread.${ext}`, import.meta.url)), {
      eval: true,
      workerData: { url },
    });
    w.on("message", ({ id, error, ready: up }: { id: number; error?: string; ready?: boolean }) => {
      if (up) {
        // an idle writer does not keep the process alive
        w.unref();
        return ready();
      }
      const pending = waiting.get(id);
      waiting.delete(id);
      if (error === undefined) pending?.resolve();
      else pending?.reject(new Error(error));
      // an idle writer does not keep the process alive
      if (waiting.size === 0) w.unref();
    });
    w.on("error", (error) => {
      failAll(error);
      ready();
    });
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the log writer thread exited (${code})`));
    });
    return w;
  };
  worker = start();
  await started;
  return {
    write(entries) {
      worker ??= start();
      const w = worker;
      w.ref();
      const id = next++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, entries } satisfies LogRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
