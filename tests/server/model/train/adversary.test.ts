import { describe, expect, it } from "vitest";
import { fitFaceSpace, randomCodes } from "../../../../lib/faceSpace";
import { loadModel } from "../../../../server/model/artifact/modelArtifact";
import { createAdversary, newAdversaryState } from "../../../../server/model/train/adversary";
import { createDiscriminator } from "../../../../server/model/train/discriminator";
import { discriminatorFor } from "../../../../server/model/train/discriminatorGraph";
import { createDecoderPasses } from "../../../../server/model/train/onnxGradientStep";
import { ADVERSARY_FACES, stepRng } from "../../../../server/model/train/stepStreams";
import { tinyDataset } from "../../../helpers/tinyDataset";
import { tinyModelDir } from "../../../helpers/tinyModel";

describe("the adversary", () => {
  it.each([
    ["a plain", false],
    ["a spectrally normalised", true],
  ])(
    "gives the decoder a gradient that makes its random faces score higher to %s discriminator",
    async (_, spectral) => {
      const model = await loadModel(await tinyModelDir());
      const config = model.manifest.architecture;
      const { set } = await tinyDataset();
      const count = model.manifest.dataset.size;
      const pixels = config.height * config.width;
      const adversary = await createAdversary({ config, weight: 1, rows: 4, spectral });
      const passes = await createDecoderPasses(config);
      const discriminator = await createDiscriminator(discriminatorFor(config.height, config.width), { spectral });
      try {
        const state = newAdversaryState(config, 1);
        const at = { weights: model.weights, codes: model.codes, count, state, seed: 1 };
        // a few steps, so the discriminator has learned something to push against
        for (let step = 0; step < 5; step++)
          await adversary.step({
            ...at,
            step,
            portraits: set.pixels.subarray(step * 4 * pixels * 3, (step + 1) * 4 * pixels * 3),
          });
        const step = 5;
        const { weightGrads } = await adversary.step({
          ...at,
          step,
          portraits: set.pixels.subarray(0, 4 * pixels * 3),
        });
        // the random faces that step drew, scored by the discriminator it left, before and after a small decoder step
        const fakeCodes = randomCodes(
          fitFaceSpace(model.codes, count, config.latent),
          4,
          stepRng(ADVERSARY_FACES, 1, step),
        );
        const score = async (weights: Float32Array) => {
          const images = await passes.images(weights, fakeCodes, 4);
          const r = await discriminator.run(
            state.weights,
            images,
            new Float32Array(4).fill(1),
            new Float32Array(4).fill(1),
          );
          return r.logits.reduce((a, b) => a + b, 0) / 4;
        };
        const largest = weightGrads.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
        expect(largest).toBeGreaterThan(0);
        const stepped = model.weights.map((w, i) => w - (1e-3 * (weightGrads[i] as number)) / largest);
        const [before, after] = [await score(model.weights), await score(stepped)];
        expect(after).toBeGreaterThan(before);
        // uphill instead: lower
        const back = model.weights.map((w, i) => w + (1e-3 * (weightGrads[i] as number)) / largest);
        expect(await score(back)).toBeLessThan(before);
      } finally {
        await adversary.release();
        await passes.release();
        await discriminator.release();
      }
    },
  );

  it("takes fewer portraits than its rows (an epoch's short last batch), and refuses more", async () => {
    const model = await loadModel(await tinyModelDir());
    const config = model.manifest.architecture;
    const { set } = await tinyDataset();
    const pixels = config.height * config.width * 3;
    const adversary = await createAdversary({ config, weight: 0.001, rows: 4 });
    try {
      const at = {
        weights: model.weights,
        codes: model.codes,
        count: 64,
        state: newAdversaryState(config, 1),
        seed: 1,
        step: 0,
      };
      const two = await adversary.step({ ...at, portraits: set.pixels.subarray(0, 2 * pixels) });
      expect(two.weightGrads.length).toBe(model.weights.length);
      expect(at.state.steps).toBe(1);
      await expect(adversary.step({ ...at, portraits: set.pixels.subarray(0, 5 * pixels) })).rejects.toThrow(
        /takes 1 to 4 portraits/,
      );
    } finally {
      await adversary.release();
    }
  });
});
