import { describe, expect, it } from "vitest";
import { loadModel } from "../../../../server/model/artifact/modelArtifact";
import { createDecoderRuntime } from "../../../../server/model/runtime/createRuntime";
import { createDecoderPasses, createOnnxGradientStep } from "../../../../server/model/train/onnxGradientStep";
import { tinyDataset } from "../../../helpers/tinyDataset";
import { tinyModelDir } from "../../../helpers/tinyModel";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

describe("the decoder's passes for a loss computed elsewhere", () => {
  it("decodes the images the decoder runtime decodes, and back-propagates an MSE image gradient to the MSE step's gradients", async () => {
    const model = await loadModel(await tinyModelDir());
    const config = model.manifest.architecture;
    const { height: H, width: W, latent: L } = config;
    const { set } = await tinyDataset();
    const n = 5;
    const codes = model.codes.slice(0, n * L);
    const passes = await createDecoderPasses(config);
    const step = await createOnnxGradientStep(config, "mse");
    const runtime = await createDecoderRuntime(config, model.weights, { backend: "onnx-cpu" });
    try {
      const images = await passes.images(model.weights, codes, n);
      const nhwc = await runtime.decode(codes, n);
      const pixels = H * W;
      const asNchw = new Float32Array(n * 3 * pixels);
      for (let b = 0; b < n; b++)
        for (let p = 0; p < pixels; p++)
          for (let c = 0; c < 3; c++) asNchw[(b * 3 + c) * pixels + p] = nhwc[(b * pixels + p) * 3 + c] as number;
      expect(maxDiff(images, asNchw)).toBeLessThan(1e-5);

      // ∂(mean squared error)/∂images = 2 (y − t) / (n · 3 · H · W): the same gradients as the MSE step
      const targets = set.pixels.slice(0, n * pixels * 3);
      const dimage = new Float32Array(n * 3 * pixels);
      for (let b = 0; b < n; b++)
        for (let p = 0; p < pixels; p++)
          for (let c = 0; c < 3; c++) {
            const at = (b * 3 + c) * pixels + p;
            const t = (targets[(b * pixels + p) * 3 + c] as number) / 255;
            dimage[at] = (2 * ((images[at] as number) - t)) / (n * 3 * pixels);
          }
      const given = await passes.backward(model.weights, codes, dimage, n);
      const mse = await step({ weights: model.weights, codes, targets, batch: n });
      const scale = Math.max(...mse.weightGrads.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-6);
      expect(maxDiff(given.weightGrads, mse.weightGrads) / scale).toBeLessThan(1e-4);
      expect(maxDiff(given.codeGrads, mse.codeGrads) / Math.max(...mse.codeGrads.map(Math.abs))).toBeLessThan(1e-4);
    } finally {
      await passes.release();
      await step.release();
      await runtime.dispose();
    }
  });

  it("computes a frozen decoder's step: the full step's loss and code gradients, no weight gradients", async () => {
    const model = await loadModel(await tinyModelDir());
    const config = model.manifest.architecture;
    const n = 6;
    const { set } = await tinyDataset();
    const codes = model.codes.slice(0, n * config.latent);
    const targets = set.pixels.slice(0, n * config.height * config.width * 3);
    const full = await createOnnxGradientStep(config, "mse");
    const codesOnly = await createOnnxGradientStep(config, "mse", 1, "cpu", true);
    try {
      const a = await full({ weights: model.weights, codes, targets, batch: n });
      const b = await codesOnly({ weights: model.weights, codes, targets, batch: n });
      expect(b.loss).toBeCloseTo(a.loss, 7);
      expect(maxDiff(b.codeGrads, a.codeGrads) / Math.max(...a.codeGrads.map(Math.abs))).toBeLessThan(1e-5);
      expect(b.weightGrads.length).toBe(model.weights.length);
      expect(b.weightGrads.every((g) => g === 0)).toBe(true);
      // its graph computes none of them (the full one does)
      expect(codesOnly.outputNames).toEqual(["loss", "grad.codes"]);
      expect(full.outputNames).toContain("grad.conv1.kernel");
    } finally {
      await full.release();
      await codesOnly.release();
    }
  });
});
