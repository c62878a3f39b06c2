/**
 * Picks the decoder backend at start. Order: the project's CUDA addon when a CUDA device answers, then by
 * measurement on these machines (docs/benchmarks.md): a native TF.js binding if one happens to be
 * installed, a WebGPU adapter through ONNX Runtime, else ONNX Runtime on the CPU (5–7x faster than
 * tfjs-wasm on the same graph).
 */
import { existsSync, readdirSync } from "node:fs";
import type { DecoderConfig } from "../decoder/architecture";
import { exportOnnx } from "../decoder/onnxExport";
import { createCudaRuntime } from "./cudaRuntime";
import { BACKENDS, type BackendName, type DecoderRuntime, type RuntimeOptions } from "./decoderRuntime";
import { createOnnxRuntime } from "./onnxRuntime";
import { createTfRuntime, nativeTfAvailable } from "./tfRuntime";
import { createThreadRuntime } from "./threadRuntime";

/** LIKENESS_DECODER=cuda|onnx-cpu|onnx-webgpu|tfjs-wasm|tfjs-native overrides the choice. */
function backendFromEnv(): BackendName | undefined {
  const value = process.env.LIKENESS_DECODER;
  if (!value) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value))
    throw new Error(`LIKENESS_DECODER must be one of ${BACKENDS.join(", ")}`);
  return value as BackendName;
}

/** LIKENESS_DECODER_THREADS=n: the CPU decoder's threads (default: every core). */
function threadsFromEnv(): number | undefined {
  const value = process.env.LIKENESS_DECODER_THREADS;
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new Error("LIKENESS_DECODER_THREADS must be a whole number from 1");
  return n;
}

/** A real GPU's device node (NVIDIA or a DRM render node); software adapters are only used when asked for. */
function hasGpuDevice(): boolean {
  if (existsSync("/dev/nvidia0")) return true;
  try {
    return readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));
  } catch {
    return false;
  }
}

/**
 * A decoder on this thread. `tryCuda: false` when the CUDA addon was tried already; `bursts` when it
 * decodes in bursts on a thread of its own (the live server's): ONNX Runtime's threads then do not spin
 * between runs, where they would take the CPU the event loop and the JPEG encoders need (measured: the
 * same faces a second, a tenth less CPU); tight loops (training, benchmarks) keep them spinning.
 */
export async function createLocalRuntime(
  config: DecoderConfig,
  weights: Float32Array,
  options: RuntimeOptions,
  { tryCuda = true, bursts = false }: { tryCuda?: boolean; bursts?: boolean } = {},
): Promise<DecoderRuntime> {
  const make = async (backend: BackendName): Promise<DecoderRuntime> => {
    switch (backend) {
      case "cuda":
        return createCudaRuntime(config, weights);
      case "onnx-cpu":
        return createOnnxRuntime(config, exportOnnx(config, weights), {
          device: "cpu",
          threads: options.threads ?? threadsFromEnv(),
          spin: !bursts,
        });
      case "onnx-webgpu":
        return createOnnxRuntime(config, exportOnnx(config, weights), { device: "webgpu", spin: !bursts });
      case "tfjs-wasm":
        return createTfRuntime(config, weights, "wasm");
      case "tfjs-native":
        return createTfRuntime(config, weights, "tensorflow");
    }
  };
  const forced = options.backend ?? backendFromEnv();
  if (forced) return make(forced);
  if (tryCuda)
    try {
      return await make("cuda");
    } catch {
      // no CUDA device (or the addon is not built, or its decoder could not start): the others decode
    }
  if (await nativeTfAvailable()) return make("tfjs-native");
  if (hasGpuDevice()) {
    try {
      return await make("onnx-webgpu");
    } catch {
      // no adapter: fall through to the CPU
    }
  }
  return make("onnx-cpu");
}

/** The fastest decoder available (or the one asked for); on a thread of its own with `offThread`. */
export async function createDecoderRuntime(
  config: DecoderConfig,
  weights: Float32Array,
  options: RuntimeOptions = {},
): Promise<DecoderRuntime> {
  const forced = options.backend ?? backendFromEnv();
  if (!options.offThread || forced === "cuda") return createLocalRuntime(config, weights, options);
  // the CUDA addon first, here: when a device answers, it decodes on its own threads and needs no other
  if (!forced)
    try {
      return await createCudaRuntime(config, weights);
    } catch {
      // no CUDA device: the thread picks among the others
    }
  return createThreadRuntime(config, weights, { ...options, backend: forced });
}
