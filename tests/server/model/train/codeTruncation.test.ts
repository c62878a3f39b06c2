import { describe, expect, it } from "vitest";
import { codeToSliders, fitFaceSpace, randomDepth } from "../../../../lib/faceSpace";
import { createRng, normal } from "../../../../lib/random";
import {
  truncateCodes,
  truncatedRows,
  truncateGradients,
  truncationOf,
} from "../../../../server/model/train/codeTruncation";

const latent = 12;
const count = 300;
const rng = createRng(4);
// codes with decreasing spread per dimension, as a trained model's roughly are
const codes = Float32Array.from({ length: count * latent }, (_, i) => normal(rng) * 0.9 ** (i % latent));

describe("code truncation", () => {
  const t = truncationOf(codes, count, latent);

  it("keeps the leading components a random face draws and puts the others at the mean", () => {
    const space = fitFaceSpace(codes, count, latent);
    expect(t.depth).toBe(randomDepth(space.explainedVarianceRatio));
    expect(t.depth).toBeLessThan(latent);
    const batch = codes.slice(0, 4 * latent);
    truncateCodes(batch, [1, 3], t);
    for (const j of [0, 1, 2, 3]) {
      const s = codeToSliders(space, batch.subarray(j * latent, (j + 1) * latent));
      const original = codeToSliders(space, codes.subarray(j * latent, (j + 1) * latent));
      for (let k = 0; k < latent; k++) {
        const kept = k < t.depth || j % 2 === 0;
        expect(s[k] as number).toBeCloseTo(kept ? (original[k] as number) : 0, 4);
      }
    }
  });

  it("passes the decoder's gradient back through the truncation (chain rule, checked numerically)", () => {
    // L(z) = ½‖A z' − b‖², z' the truncated code: dL/dz = P Aᵀ (A z' − b)
    const A = Float64Array.from({ length: latent * latent }, () => normal(rng));
    const b = Float64Array.from({ length: latent }, () => normal(rng));
    const loss = (z: Float32Array) => {
      const zt = Float32Array.from(z);
      truncateCodes(zt, [0], t);
      let sum = 0;
      for (let i = 0; i < latent; i++) {
        let r = -(b[i] as number);
        for (let j = 0; j < latent; j++) r += (A[i * latent + j] as number) * (zt[j] as number);
        sum += 0.5 * r * r;
      }
      return { sum, zt };
    };
    const z = codes.slice(0, latent);
    const { zt } = loss(z);
    const grad = new Float32Array(latent);
    for (let j = 0; j < latent; j++) {
      let g = 0;
      for (let i = 0; i < latent; i++) {
        let r = -(b[i] as number);
        for (let q = 0; q < latent; q++) r += (A[i * latent + q] as number) * (zt[q] as number);
        g += (A[i * latent + j] as number) * r;
      }
      grad[j] = g;
    }
    truncateGradients(grad, [0], t);
    for (let k = 0; k < latent; k++) {
      const h = 1e-2;
      const up = Float32Array.from(z);
      const down = Float32Array.from(z);
      up[k] = (up[k] as number) + h;
      down[k] = (down[k] as number) - h;
      const numeric = (loss(up).sum - loss(down).sum) / (2 * h);
      expect(grad[k] as number).toBeCloseTo(numeric, 2);
    }
  });

  it("picks about the asked share of rows, the same ones for the same seed and step", () => {
    const picks = Array.from({ length: 200 }, (_, step) => truncatedRows(16, 0.5, 1, step));
    const share = picks.reduce((sum, p) => sum + p.length, 0) / (200 * 16);
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    expect(truncatedRows(16, 0.5, 1, 7)).toEqual(picks[7]);
    expect(truncatedRows(16, 0.5, 1, 7)).not.toEqual(truncatedRows(16, 0.5, 1, 8));
    expect(truncatedRows(16, 0, 1, 7)).toEqual([]);
    expect(truncatedRows(16, 1, 1, 7)).toHaveLength(16);
  });
});
