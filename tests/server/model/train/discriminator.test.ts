import { describe, expect, it } from "vitest";
import { createRng } from "../../../../lib/random";
import { layoutOf } from "../../../../server/model/decoder/weightsLayout";
import { createDiscriminator, initialDiscriminator } from "../../../../server/model/train/discriminator";
import { type DiscriminatorConfig, discriminatorSpecs } from "../../../../server/model/train/discriminatorGraph";
import { spectralNormal, spectralNormalGradient } from "../../../../server/model/train/spectralNorm";

const CONFIG: DiscriminatorConfig = { height: 32, width: 24, inputPool: 2, widths: [6, 8, 5] };

/** Each weight's place in the flat array, and the matrix a kernel is seen as. */
const layout = () =>
  layoutOf(discriminatorSpecs(CONFIG)).map((s) => ({
    ...s,
    cols: s.shape[s.shape.length - 1] as number,
    kernel: s.name.endsWith(".kernel"),
  }));

describe("the discriminator with spectral normalisation", () => {
  const rng = createRng(3);
  const base = initialDiscriminator(CONFIG, createRng(5)).weights.map((w) => w + (rng() - 0.5) * 0.05);
  const n = 4;
  const images = Float32Array.from({ length: n * 3 * CONFIG.height * CONFIG.width }, () => rng());
  const sign = Float32Array.from([1, 1, -1, -1]);
  const weight = new Float32Array(n).fill(0.25);

  it("scores as the plain discriminator does on its kernels divided by their largest singular values", async () => {
    const normalised = Float32Array.from(base);
    const normals = layout()
      .filter((v) => v.kernel)
      .map((v) => {
        const s = spectralNormal(base.subarray(v.offset, v.offset + v.size), v.size / v.cols, v.cols);
        normalised.set(s.normalised, v.offset);
        return { v, s };
      });
    const spectral = await createDiscriminator(CONFIG, { spectral: true });
    const plain = await createDiscriminator(CONFIG);
    try {
      const ours = await spectral.run(base, images, sign, weight);
      const theirs = await plain.run(normalised, images, sign, weight);
      expect(ours.loss).toBeCloseTo(theirs.loss, 6);
      expect(Array.from(ours.logits)).toEqual(Array.from(theirs.logits));
      expect(Array.from(ours.imageGrads)).toEqual(Array.from(theirs.imageGrads));
      // kernels: the gradient taken through the division; biases as they are
      for (const { v, s } of normals) {
        const through = spectralNormalGradient(theirs.weightGrads.subarray(v.offset, v.offset + v.size), s);
        expect(Array.from(ours.weightGrads.subarray(v.offset, v.offset + v.size)), v.name).toEqual(Array.from(through));
      }
      for (const v of layout().filter((l) => !l.kernel))
        expect(Array.from(ours.weightGrads.subarray(v.offset, v.offset + v.size)), v.name).toEqual(
          Array.from(theirs.weightGrads.subarray(v.offset, v.offset + v.size)),
        );
    } finally {
      await spectral.release();
      await plain.release();
    }
  });

  it("cannot sharpen its scores by growing its kernels: five times the kernels score the same", async () => {
    const grown = Float32Array.from(base);
    for (const v of layout().filter((l) => l.kernel))
      for (let i = v.offset; i < v.offset + v.size; i++) grown[i] = (grown[i] as number) * 5;
    const spectral = await createDiscriminator(CONFIG, { spectral: true });
    const plain = await createDiscriminator(CONFIG);
    try {
      const a = await spectral.run(base, images, sign, weight);
      const b = await spectral.run(grown, images, sign, weight);
      for (const [i, logit] of a.logits.entries()) expect(b.logits[i]).toBeCloseTo(logit, 5);
      // without it the same growth changes every score
      const c = await plain.run(base, images, sign, weight);
      const d = await plain.run(grown, images, sign, weight);
      for (const [i, logit] of c.logits.entries())
        expect(Math.abs((d.logits[i] as number) - logit)).toBeGreaterThan(1e-3);
    } finally {
      await spectral.release();
      await plain.release();
    }
  });
});
