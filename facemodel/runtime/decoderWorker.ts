/**
 * A worker thread that owns one decoder (any backend) for a DecoderRuntime on another thread
 * (threadRuntime.ts): decodes what it is asked, and answers with the images (moved, not copied).
 */
import { workerData } from "node:worker_threads";
import { createLocalRuntime } from "./createRuntime";
import type { DecoderRuntime } from "./decoderRuntime";
import type { DecodeRequest, DecodeResult, DecoderStarted, DecoderWorkerData } from "./threadRuntime";
import { serveRequests } from "./workerChannel";

const { config, weights, options } = workerData as DecoderWorkerData;
await serveRequests<DecodeRequest, DecodeResult, DecoderRuntime>(
  async () => {
    const runtime = await createLocalRuntime(config, weights, options, { tryCuda: false, bursts: true });
    return {
      state: runtime,
      ready: { backend: runtime.backend, preferredBatch: runtime.preferredBatch } satisfies DecoderStarted,
    };
  },
  async (request, runtime) => {
    if (request.kind === "dispose") {
      await runtime.dispose();
      return null;
    }
    return request.kind === "bytes"
      ? runtime.decodeBytes(request.codes, request.n)
      : runtime.decode(request.codes, request.n);
  },
  (images) => (images ? [images.buffer as ArrayBuffer] : []),
);
