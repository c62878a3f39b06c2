/** Decoding with ONNX Runtime: CPU (default), or its bundled WebGPU provider (Dawn on Vulkan). */
import * as ort from "onnxruntime-node";
import type { DecoderConfig } from "../decoder/architecture";
import type { DecoderRuntime } from "./decoderRuntime";

export interface OnnxRuntimeOptions {
  device: "cpu" | "webgpu";
  /** intra-op threads for the CPU provider (default: ORT's choice, all cores) */
  threads?: number;
  /** whether its threads spin between runs (ONNX Runtime's default: for tight loops) */
  spin?: boolean;
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
    ...(options.spin === false ? { extra: { session: { intra_op: { allow_spinning: "0" } } } } : {}),
  });
  /** one of the graph's outputs, the only one computed */
  const run = async (codes: Float32Array, n: number, output: "images" | "pixels") => {
    const input = new ort.Tensor("float32", codes.subarray(0, n * config.latent), [n, config.latent]);
    const result = await session.run({ codes: input }, [output]);
    const tensor = result[output];
    if (!tensor) throw new Error(`decoder graph produced no '${output}' output`);
    const data = tensor.data;
    tensor.dispose?.();
    return data;
  };
  return {
    backend: `onnx-${options.device}`,
    decode: (codes, n) => run(codes, n, "images") as Promise<Float32Array>,
    decodeBytes: (codes, n) => run(codes, n, "pixels") as Promise<Uint8Array>,
    async dispose() {
      await session.release();
    },
  };
}
