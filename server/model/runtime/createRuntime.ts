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
import { BACKENDS, type BackendName, type DecoderRuntime } from "./decoderRuntime";
import { createOnnxRuntime } from "./onnxRuntime";
import { createTfRuntime, nativeTfAvailable } from "./tfRuntime";

export interface RuntimeOptions {
  /** force a backend; otherwise the fastest available is chosen */
  backend?: BackendName;
  threads?: number;
}

/** LIKENESS_DECODER=cuda|onnx-cpu|onnx-webgpu|tfjs-wasm|tfjs-native overrides the choice. */
function backendFromEnv(): BackendName | undefined {
  const value = process.env.LIKENESS_DECODER;
  if (!value) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value))
    throw new Error(`LIKENESS_DECODER must be one of ${BACKENDS.join(", ")}`);
  return value as BackendName;
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

export async function createDecoderRuntime(
  config: DecoderConfig,
  weights: Float32Array,
  options: RuntimeOptions = {},
): Promise<DecoderRuntime> {
  const make = async (backend: BackendName): Promise<DecoderRuntime> => {
    switch (backend) {
      case "cuda":
        return createCudaRuntime(config, weights);
      case "onnx-cpu":
        return createOnnxRuntime(config, exportOnnx(config, weights), { device: "cpu", threads: options.threads });
      case "onnx-webgpu":
        return createOnnxRuntime(config, exportOnnx(config, weights), { device: "webgpu" });
      case "tfjs-wasm":
        return createTfRuntime(config, weights, "wasm");
      case "tfjs-native":
        return createTfRuntime(config, weights, "tensorflow");
    }
  };
  const forced = options.backend ?? backendFromEnv();
  if (forced) return make(forced);
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
