import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { loadCudaAddon } from "../../../facemodel/runtime/cudaRuntime";
import { createCudaGradientStep } from "../../../training/train/cudaGradientStep";
import { createOnnxGradientStep } from "../../../training/train/onnxGradientStep";
import { tinyModelDir } from "../../helpers/tinyModel";

/** ‖a − b‖ / ‖b‖ */
function relativeError(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  b.forEach((v, i) => {
    num += ((a[i] as number) - v) ** 2;
    den += v ** 2;
  });
  return Math.sqrt(num / den);
}

const { addon, problem } = loadCudaAddon();
if (problem) console.warn(`CUDA training step tests skipped: ${problem}`);

describe.skipIf(!addon)("the CUDA addon's training step", () => {
  it("gives the loss and the gradients of ONNX Runtime's training graph, computed on the host", async () => {
    const model = await loadModel(await tinyModelDir());
    const config = model.manifest.architecture;
    const n = 3;
    const codes = model.codes.slice(0, n * config.latent);
    const targets = Uint8Array.from({ length: n * config.height * config.width * 3 }, (_, i) => (i * 37) % 256);
    const reference = await createOnnxGradientStep(config, "mse");
    const expected = await reference({ weights: model.weights, codes, targets, batch: n });
    await reference.release();
    const step = addon?.trainStepHost(config, model.weights, codes, targets, n);
    expect(step?.loss).toBeCloseTo(expected.loss, 6);
    expect(relativeError(step?.weightGrads as Float32Array, expected.weightGrads)).toBeLessThan(1e-4);
    expect(relativeError(step?.codeGrads as Float32Array, expected.codeGrads)).toBeLessThan(1e-4);
    expect(() => addon?.trainStepHost(config, model.weights, codes, targets.subarray(1), n)).toThrow(/target bytes/);
    // without a GPU the GPU step, and the trainer's cuda engine, refuse at once, saying why
    if (addon?.probe().devices === 0) {
      expect(() => addon.trainStep(config, model.weights, codes, targets, n)).toThrow(/no CUDA device/);
      await expect(createCudaGradientStep(config, "mse")).rejects.toThrow(/no CUDA device: .*driver/);
    }
  }, 120_000);
});
