/** Decoding with ONNX Runtime: CPU (default), or its bundled WebGPU provider (Dawn on Vulkan). */
import * as ort from "onnxruntime-node";
import type { DecoderConfig } from "../decoder/architecture";
import type { DecoderRuntime } from "./decoderRuntime";

export interface OnnxRuntimeOptions {
  device: "cpu" | "webgpu";
  /** intra-op threads for the CPU provider (default: ORT's choice, all cores) */
  threads?: number;
}

export async function createOnnxRuntime(
  config: DecoderConfig,
  model: Uint8Array,
  options: OnnxRuntimeOptions,
): Promise<DecoderRuntime> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [options.device],
    graphOptimizationLevel: "all",
    ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
  });
  return {
    backend: `onnx-${options.device}`,
    async decode(codes, n) {
      const input = new ort.Tensor("float32", codes.subarray(0, n * config.latent), [n, config.latent]);
      const result = await session.run({ codes: input });
      const images = result.images;
      if (!images) throw new Error("decoder graph produced no 'images' output");
      const data = images.data as Float32Array;
      images.dispose?.();
      return data;
    },
    async dispose() {
      await session.release();
    },
  };
}
