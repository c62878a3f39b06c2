/**
 * A decoder on a worker thread of its own. ONNX Runtime's Node binding (and TF.js on wasm) decode
 * synchronously on the calling thread: on the event loop, every decode would stall every room's edits and
 * frames for its whole length. Here the event loop only posts the codes and takes the images (moved, not
 * copied). The worker starts the backend asked for in `options` (the same choice as createDecoderRuntime)
 * and keeps the process alive only while a decode is in flight.
 */
import { Worker } from "node:worker_threads";
import { workerSource } from "../../workerSource";
import type { DecoderConfig } from "../decoder/architecture";
import type { RuntimeOptions } from "./createRuntime";
import type { DecoderRuntime } from "./decoderRuntime";
import type { DecodeReply, DecodeRequest, DecoderWorkerData } from "./decoderWorker";

const moduleUrl = new URL(`./decoderWorker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url);

export async function createThreadRuntime(
  config: DecoderConfig,
  weights: Float32Array,
  options: RuntimeOptions,
): Promise<DecoderRuntime> {
  const worker = new Worker(workerSource(moduleUrl), {
    eval: true,
    workerData: { config, weights, options } satisfies DecoderWorkerData,
  });
  const pending = new Map<number, { resolve(images: Float32Array | Uint8Array): void; reject(error: Error): void }>();
  let failure: Error | null = null;
  let disposing = false;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const ready = new Promise<{ backend: string; preferredBatch?: number }>((resolve, reject) => {
    worker.on("message", (reply: DecodeReply) => {
      if ("ready" in reply) return resolve(reply.ready);
      if ("failed" in reply) return reject(new Error(reply.failed));
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0 && !disposing) worker.unref();
      if ("error" in reply) p?.reject(new Error(reply.error));
      else p?.resolve(reply.images);
    });
    worker.on("error", (error) => {
      reject(error);
      fail(new Error(`decoder thread failed: ${error.message}`));
    });
    worker.on("exit", (code) => {
      reject(new Error(`decoder thread exited (code ${code})`));
      fail(new Error(`decoder thread exited (code ${code})`));
    });
  });
  const started = await ready.catch(async (error: Error) => {
    await worker.terminate();
    throw error;
  });
  worker.unref();
  let nextId = 0;
  const decode = (kind: "floats" | "bytes", codes: Float32Array, n: number) =>
    new Promise<Float32Array | Uint8Array>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      const copy = codes.slice(0, n * config.latent);
      worker.postMessage({ id, kind, codes: copy, n } satisfies DecodeRequest, [copy.buffer]);
    });
  return {
    backend: started.backend,
    preferredBatch: started.preferredBatch,
    decode: (codes, n) => decode("floats", codes, n) as Promise<Float32Array>,
    decodeBytes: (codes, n) => decode("bytes", codes, n) as Promise<Uint8Array>,
    async dispose() {
      if (failure) return;
      const exited = new Promise((done) => worker.once("exit", done));
      // held while it ends: an unreferenced worker would let the process exit before (a shutdown's last step)
      disposing = true;
      worker.ref();
      worker.postMessage("dispose" satisfies DecodeRequest);
      await exited;
    },
  };
}
