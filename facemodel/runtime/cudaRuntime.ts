/**
 * Decoding on an NVIDIA GPU through the project's CUDA addon (native/cuda/, built by `npm run build:cuda`
 * into build/cuda/likeness_cuda.node where nvcc exists). The weights go to the GPU once; each batch runs
 * on a stream of its own off the JavaScript thread, and only bytes come back.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { DecoderConfig } from "../decoder/architecture";
import type { DecoderRuntime } from "./decoderRuntime";

type ShapeConfig = Pick<DecoderConfig, "latent" | "height" | "width" | "widths">;

/** What the addon exports (native/cuda/decoder.cu). */
export interface CudaAddon {
  probe(): { devices: number; name?: string; error?: string };
  /** the same pass on the CPU: the kernels' indexing, checkable without a GPU */
  decodeHost(config: ShapeConfig, weights: Float32Array, codes: Float32Array, n: number): Uint8Array;
  createDecoder(config: ShapeConfig, weights: Float32Array): object;
  decode(handle: object, codes: Float32Array, n: number): Promise<Uint8Array>;
  /** one GLO training step (MSE): loss, and its gradients in the weights' layout and the codes' */
  trainStep(
    config: ShapeConfig,
    weights: Float32Array,
    codes: Float32Array,
    targets: Uint8Array,
    n: number,
  ): Promise<CudaStep>;
  /** the same step on the CPU: the backward pass, checkable without a GPU */
  trainStepHost(
    config: ShapeConfig,
    weights: Float32Array,
    codes: Float32Array,
    targets: Uint8Array,
    n: number,
  ): CudaStep;
}

export interface CudaStep {
  loss: number;
  weightGrads: Float32Array;
  codeGrads: Float32Array;
}

/** build/cuda/likeness_cuda.node; LIKENESS_CUDA_ADDON names it where this file is bundled (scripts/portable) */
export const CUDA_ADDON =
  process.env.LIKENESS_CUDA_ADDON || resolve(import.meta.dirname, "..", "..", "build", "cuda", "likeness_cuda.node");

/** The addon, or why there is none (not built: no nvcc where it was installed). */
export function loadCudaAddon(): { addon?: CudaAddon; problem?: string } {
  if (!existsSync(CUDA_ADDON)) return { problem: "the CUDA addon is not built (npm run build:cuda needs nvcc)" };
  try {
    return { addon: createRequire(import.meta.url)(CUDA_ADDON) as CudaAddon };
  } catch (error) {
    return { problem: `the CUDA addon does not load: ${(error as Error).message}` };
  }
}

/** The addon, when a CUDA device answers; otherwise throws why not (not built, or no device). */
export function openCudaAddon(): CudaAddon {
  const { addon, problem } = loadCudaAddon();
  if (!addon) throw new Error(problem);
  const found = addon.probe();
  if (found.devices === 0) throw new Error(`no CUDA device: ${found.error ?? "none found"}`);
  return addon;
}

/** Whether a CUDA device answers: the addon loads and finds at least one GPU. */
export function cudaDevice(): { name?: string; problem?: string } {
  try {
    return { name: openCudaAddon().probe().name ?? "a CUDA device" };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export async function createCudaRuntime(config: DecoderConfig, weights: Float32Array): Promise<DecoderRuntime> {
  const addon = openCudaAddon();
  const handle = addon.createDecoder(config, weights);
  return {
    backend: "cuda",
    // every room of a version in one decode where it can: a GPU gains with the batch (docs/gpu.md)
    preferredBatch: 1024,
    decodeBytes: (codes, n) => addon.decode(handle, codes, n),
    async decode(codes, n) {
      const bytes = await addon.decode(handle, codes, n);
      // the runtime interface speaks floats; bytes / 255 round-trip exactly through the frame encoder
      const floats = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) floats[i] = (bytes[i] as number) / 255;
      return floats;
    },
    async dispose() {
      // the GPU weights are freed with the handle
    },
  };
}
