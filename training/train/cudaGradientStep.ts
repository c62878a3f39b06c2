/**
 * The GLO step on an NVIDIA GPU through the project's CUDA addon (native/cuda/train_step.cuh): forward,
 * MSE loss and backward in one call on a stream of its own; its host twin is held against ONNX Runtime's
 * gradients by the tests. `npm run train -- --device cuda`.
 */
import type { DecoderConfig } from "../../facemodel/decoder/architecture";
import { openCudaAddon } from "../../facemodel/runtime/cudaRuntime";
import type { LossName } from "../decoder/losses";
import type { GradientStep } from "./gradientStep";

export async function createCudaGradientStep(config: DecoderConfig, loss: LossName): Promise<GradientStep> {
  if (loss !== "mse") throw new Error(`the cuda training engine supports the mse loss, not ${loss}`);
  const addon = openCudaAddon();
  const step = (req: Parameters<GradientStep>[0]) =>
    addon.trainStep(config, req.weights, req.codes, req.targets, req.batch);
  return Object.assign(step, { release: async () => {} });
}
