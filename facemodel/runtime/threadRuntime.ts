/**
 * A decoder on a worker thread of its own. ONNX Runtime's Node binding (and TF.js on wasm) decode
 * synchronously on the calling thread: on the event loop, every decode would stall every room's edits and
 * frames for its whole length. Here the event loop only posts the codes and takes the images (moved, not
 * copied). The worker starts the backend asked for in `options` (the same choice as createDecoderRuntime).
 */
import type { DecoderConfig } from "../decoder/architecture";
import type { DecoderRuntime, RuntimeOptions } from "./decoderRuntime";
import { WorkerChannel } from "./workerChannel";
import { siblingModule } from "./workerSource";

/** What the decoder thread (decoderWorker.ts) is started with, asked and answers. */
export interface DecoderWorkerData {
  config: DecoderConfig;
  weights: Float32Array;
  options: RuntimeOptions;
}

export type DecodeRequest = { kind: "floats" | "bytes"; codes: Float32Array; n: number } | { kind: "dispose" };
export type DecodeResult = Float32Array | Uint8Array | null;
export interface DecoderStarted {
  backend: string;
  preferredBatch?: number;
}

export async function createThreadRuntime(
  config: DecoderConfig,
  weights: Float32Array,
  options: RuntimeOptions,
): Promise<DecoderRuntime> {
  const channel = new WorkerChannel<DecodeRequest, DecodeResult, DecoderStarted>(
    siblingModule("decoderWorker", import.meta.url),
    "decoder thread",
    { config, weights, options } satisfies DecoderWorkerData,
  );
  const started = await channel.ready.catch(async (error: Error) => {
    await channel.close();
    throw error;
  });
  const decode = (kind: "floats" | "bytes", codes: Float32Array, n: number) => {
    const copy = codes.slice(0, n * config.latent);
    return channel.request({ kind, codes: copy, n }, [copy.buffer]);
  };
  return {
    backend: started.backend,
    preferredBatch: started.preferredBatch,
    decode: (codes, n) => decode("floats", codes, n) as Promise<Float32Array>,
    decodeBytes: (codes, n) => decode("bytes", codes, n) as Promise<Uint8Array>,
    async dispose() {
      // the backend lets go of what it holds, then the thread ends
      if (!channel.failed) await channel.request({ kind: "dispose" }).catch(() => null);
      await channel.close();
    },
  };
}
