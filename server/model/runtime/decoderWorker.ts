/**
 * A worker thread that owns one decoder (any backend) for a DecoderRuntime on another thread
 * (threadRuntime.ts): decodes what it is sent, one request at a time, and answers each with its images.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { DecoderConfig } from "../decoder/architecture";
import { createDecoderRuntime, type RuntimeOptions } from "./createRuntime";
import type { DecoderRuntime } from "./decoderRuntime";

export interface DecoderWorkerData {
  config: DecoderConfig;
  weights: Float32Array;
  options: RuntimeOptions;
}

export type DecodeRequest = { id: number; kind: "floats" | "bytes"; codes: Float32Array; n: number } | "dispose";
export type DecodeReply =
  | { id: number; images: Float32Array | Uint8Array }
  | { id: number; error: string }
  | { ready: { backend: string; preferredBatch?: number } }
  | { failed: string };

const port = parentPort;
if (!port) throw new Error("decoderWorker runs as a worker thread");
const { config, weights, options } = workerData as DecoderWorkerData;
let runtime: DecoderRuntime;
try {
  runtime = await createDecoderRuntime(config, weights, options);
  port.postMessage({
    ready: { backend: runtime.backend, preferredBatch: runtime.preferredBatch },
  } satisfies DecodeReply);
} catch (error) {
  port.postMessage({ failed: (error as Error).message } satisfies DecodeReply);
  process.exit(1);
}
port.on("message", async (request: DecodeRequest) => {
  if (request === "dispose") {
    await runtime.dispose();
    port.close();
    return;
  }
  try {
    const images =
      request.kind === "bytes"
        ? await runtime.decodeBytes(request.codes, request.n)
        : await runtime.decode(request.codes, request.n);
    port.postMessage({ id: request.id, images } satisfies DecodeReply, [images.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message } satisfies DecodeReply);
  }
});
