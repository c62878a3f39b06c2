import { describe, expect, it } from "vitest";
import { codeToSliders, fitFaceSpace, randomDepth } from "../../../../lib/faceSpace";
import { createRng, normal } from "../../../../lib/random";
import {
  throughTruncation,
  truncatedRows,
  truncateRows,
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
    truncateRows(batch, [1, 3], t);
    for (const j of [0, 1, 2, 3]) {
      const s = codeToSliders(space, batch.subarray(j * latent, (j + 1) * latent));
      const original = codeToSliders(space, codes.subarray(j * latent, (j + 1) * latent));
      for (let k = 0; k < latent; k++) {
        const kept = k < t.depth || j % 2 === 0;
        expect(s[k] as number).toBeCloseTo(kept ? (original[k] as number) : 0, 4);
      }
    }
  });

  it("takes a batch's code gradients back through the truncation of its chosen rows (checked numerically)", async () => {
    // a linear "decoder" with loss ½‖A z − b‖² per row: its code gradient is Aᵀ (A z − b) at the codes it sees
    const A = Float64Array.from({ length: latent * latent }, () => normal(rng));
    const b = Float64Array.from({ length: latent }, () => normal(rng));
    const residual = (z: Float32Array, at: number, i: number) => {
      let r = -(b[i] as number);
      for (let j = 0; j < latent; j++) r += (A[i * latent + j] as number) * (z[at + j] as number);
      return r;
    };
    const decode = async (z: Float32Array) => {
      const codeGrads = new Float32Array(z.length);
      let loss = 0;
      for (let at = 0; at < z.length; at += latent)
        for (let i = 0; i < latent; i++) {
          const r = residual(z, at, i);
          loss += 0.5 * r * r;
          for (let j = 0; j < latent; j++)
            codeGrads[at + j] = (codeGrads[at + j] as number) + (A[i * latent + j] as number) * r;
        }
      return { loss, codeGrads };
    };
    // rows 0 and 2 of three truncated
    const rows = [0, 2];
    const lossAt = async (z: Float32Array) => (await throughTruncation(Float32Array.from(z), rows, t, decode)).loss;
    const z = codes.slice(0, 3 * latent);
    const { codeGrads } = await throughTruncation(Float32Array.from(z), rows, t, decode);
    const h = 1e-2;
    for (let k = 0; k < z.length; k++) {
      const up = Float32Array.from(z);
      const down = Float32Array.from(z);
      up[k] = (up[k] as number) + h;
      down[k] = (down[k] as number) - h;
      expect(codeGrads[k] as number).toBeCloseTo(((await lossAt(up)) - (await lossAt(down))) / (2 * h), 2);
    }
    // a truncated row's gradient has nothing along the components it leaves out
    const space = fitFaceSpace(codes, count, latent);
    const along = (g: Float32Array, k: number) =>
      Array.from({ length: latent }, (_, i) => (g[i] as number) * (space.components[i * latent + k] as number)).reduce(
        (a, v) => a + v,
      );
    expect(Math.abs(along(codeGrads, latent - 1))).toBeLessThan(1e-4);
    expect(Math.abs(along(codeGrads.subarray(latent), latent - 1))).toBeGreaterThan(1e-3);
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
