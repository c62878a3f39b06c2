import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { createOnnxGradientStep } from "../../../training/train/onnxGradientStep";
import { tinyDataset } from "../../helpers/tinyDataset";
import { tinyModelDir } from "../../helpers/tinyModel";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

describe("the ONNX training step", () => {
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
