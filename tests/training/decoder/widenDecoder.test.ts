import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { type DecoderConfig, parameterCount } from "../../../facemodel/decoder/architecture";
import { weightLayout } from "../../../facemodel/decoder/weightsLayout";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import { createRng } from "../../../lib/random";
import { widenProblem, widenWeights } from "../../../training/decoder/widenDecoder";
import { createOnnxGradientStep } from "../../../training/train/onnxGradientStep";
import { tinyDataset } from "../../helpers/tinyDataset";
import { tinyModelDir } from "../../helpers/tinyModel";

async function decodeWith(config: DecoderConfig, weights: Float32Array, codes: Float32Array, n: number) {
  const runtime = await createDecoderRuntime(config, weights, { backend: "onnx-cpu" });
  try {
    return await runtime.decode(codes, n);
  } finally {
    await runtime.dispose();
  }
}

const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe("widening a trained decoder", () => {
  it("draws the same images with every width grown (and the same images whatever the seed of the new channels)", async () => {
    const model = await loadModel(await tinyModelDir());
    const narrow = model.manifest.architecture;
    const wide = { ...narrow, widths: narrow.widths.map((w) => w + 5) };
    const n = 6;
    const codes = model.codes.subarray(0, n * narrow.latent);
    const before = await decodeWith(narrow, model.weights, codes, n);
    for (const seed of [1, 2]) {
      const widened = widenWeights(narrow, wide, model.weights, createRng(seed));
      expect(widened.length).toBe(parameterCount(wide));
      expect(maxDiff(await decodeWith(wide, widened, codes, n), before)).toBeLessThan(1e-5);
    }
    // the faces are not all alike, so equal images are not an accident of a flat decoder
    expect(maxDiff(before.subarray(0, before.length / n), before.subarray(before.length / n))).toBeGreaterThan(0.1);
  });

  it("gives the new channels a gradient: the weights out of them (zero at first) start to learn at the first step", async () => {
    const model = await loadModel(await tinyModelDir());
    const narrow = model.manifest.architecture;
    const wide = { ...narrow, widths: [narrow.widths[0] as number, ...narrow.widths.slice(1).map((w) => w + 4)] };
    const widened = widenWeights(narrow, wide, model.weights, createRng(1));
    const { set } = await tinyDataset();
    const batch = 8;
    const size = narrow.height * narrow.width * 3;
    const request = (weights: Float32Array) => ({
      weights,
      codes: model.codes.slice(0, batch * narrow.latent),
      targets: set.pixels.slice(0, batch * size),
      batch,
    });
    const narrowStep = await createOnnxGradientStep(narrow, "mse");
    const wideStep = await createOnnxGradientStep(wide, "mse");
    try {
      const a = await narrowStep(request(model.weights));
      const b = await wideStep(request(widened));
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-6);
      expect(maxDiff(a.codeGrads, b.codeGrads)).toBeLessThan(1e-5);
      // the last conv's kernel [3, 3, cin, cout]: rows from the last hidden layer's new channels
      const out = weightLayout(wide).find((v) => v.name === "out.kernel");
      if (!out) throw new Error("no out.kernel");
      const cin = wide.widths.at(-1) as number;
      const cinOld = narrow.widths.at(-1) as number;
      let newRows = 0;
      let newRowGrad = 0;
      for (let i = 0; i < out.size; i++) {
        const inChannel = Math.floor(i / 3) % cin;
        if (inChannel < cinOld) continue;
        newRows = Math.max(newRows, Math.abs(widened[out.offset + i] as number));
        newRowGrad = Math.max(newRowGrad, Math.abs(b.weightGrads[out.offset + i] as number));
      }
      expect(newRows).toBe(0);
      expect(newRowGrad).toBeGreaterThan(1e-6);
    } finally {
      await narrowStep.release();
      await wideStep.release();
    }
  });

  it("refuses what is not a widening, saying why", () => {
    const from: DecoderConfig = { kind: "upsample-conv", latent: 16, height: 32, width: 24, widths: [32, 16, 8] };
    expect(widenProblem(from, { ...from, widths: [64, 16, 8] })).toBeNull();
    expect(widenProblem(from, { ...from, widths: [64, 8, 8] })).toMatch(/width 1 would shrink from 16 to 8/);
    expect(widenProblem(from, { ...from, widths: [32, 16, 8, 4] })).toMatch(/number of upsampling stages/);
    expect(widenProblem(from, { ...from, latent: 20 })).toMatch(/latent size/);
    expect(() => widenWeights(from, { ...from, widths: [16, 16, 8] }, new Float32Array(0), createRng(1))).toThrow(
      /cannot widen 32,16,8 to 16,16,8/,
    );
  });
});
