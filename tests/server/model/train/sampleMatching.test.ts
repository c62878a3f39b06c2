import { describe, expect, it } from "vitest";
import { fitFaceSpace, randomDepth } from "../../../../lib/faceSpace";
import { createRng, normal } from "../../../../lib/random";
import {
  drawMatchPool,
  matchedRows,
  matchFactor,
  matchOneToOne,
  shrinkImages,
  withMatchedRows,
} from "../../../../server/model/train/sampleMatching";

/** Pairs as [sample, portrait] tuples. */
const tuples = (pairs: Int32Array) =>
  Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i] as number, pairs[2 * i + 1] as number]);

describe("matched random faces", () => {
  it("shrinks images by averaging blocks, leaving out a border that fills no block", () => {
    // one image 5 high, 4 wide: red = 10·y + x, green = 255, blue = 0
    const height = 5;
    const width = 4;
    const pixels = new Uint8Array(height * width * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) pixels.set([10 * y + x, 255, 0], (y * width + x) * 3);
    const small = shrinkImages(pixels, 1, height, width, 2, 1 / 255);
    expect(small).toHaveLength(2 * 2 * 3);
    // block (row 1, column 1): red 22, 23, 32, 33 → 27.5
    expect(small[(1 * 2 + 1) * 3]).toBeCloseTo(27.5 / 255, 6);
    expect(small[1]).toBeCloseTo(1, 6);
    expect(small[2]).toBe(0);
    expect(matchFactor(192)).toBe(8);
    expect(matchFactor(32)).toBe(1);
  });

  it("matches samples and portraits one to one, nearest pairs first", () => {
    // one dimension: portraits at 0, 10, 20; samples at 1, 2, 19, 30
    const pairs = tuples(matchOneToOne(Float32Array.of(1, 2, 19, 30), Float32Array.of(0, 10, 20), 1));
    // 1–0 and 19–20 first; 2 is nearest 0, which is taken: it gets 10; 30 is left without a portrait
    expect(pairs).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    // in several dimensions: one to one, min(samples, portraits) pairs, and stable: no sample and portrait
    // would both rather have each other than what they were given
    const rng = createRng(3);
    const dims = 6;
    const samples = Float32Array.from({ length: 40 * dims }, () => normal(rng));
    const portraits = Float32Array.from({ length: 25 * dims }, () => normal(rng));
    const distance = (s: number, p: number) => {
      let d = 0;
      for (let k = 0; k < dims; k++)
        d += ((samples[s * dims + k] as number) - (portraits[p * dims + k] as number)) ** 2;
      return d;
    };
    const found = tuples(matchOneToOne(samples, portraits, dims));
    expect(found).toHaveLength(25);
    expect(new Set(found.map(([s]) => s)).size).toBe(25);
    expect(new Set(found.map(([, p]) => p)).size).toBe(25);
    const portraitOf = new Map(found.map(([s, p]) => [s, p] as [number, number]));
    const sampleOf = new Map(found.map(([s, p]) => [p, s] as [number, number]));
    for (let s = 0; s < 40; s++)
      for (let p = 0; p < 25; p++) {
        const mine = portraitOf.get(s);
        const sampleWants = mine === undefined || distance(s, p) < distance(s, mine);
        const portraitWants = distance(s, p) < distance(sampleOf.get(p) as number, p);
        expect(sampleWants && portraitWants).toBe(false);
      }
    expect(() => matchOneToOne(new Float32Array(0), portraits, dims)).toThrow(/nothing to pair/);
  });

  it("chooses a batch's matched rows and their pairs from (seed, step) alone", () => {
    const picks = Array.from({ length: 200 }, (_, step) => matchedRows(16, 0.25, 100, 1, step));
    const rows = picks.flat();
    expect(rows.length / (200 * 16)).toBeGreaterThan(0.2);
    expect(rows.length / (200 * 16)).toBeLessThan(0.3);
    expect(rows.every((r) => r.row >= 0 && r.row < 16 && r.pair >= 0 && r.pair < 100)).toBe(true);
    expect(new Set(rows.map((r) => r.pair)).size).toBeGreaterThan(80);
    expect(matchedRows(16, 0.25, 100, 1, 7)).toEqual(picks[7]);
    expect(matchedRows(16, 0.25, 100, 2, 7)).not.toEqual(picks[7]);
    expect(matchedRows(16, 0, 100, 1, 7)).toEqual([]);
    expect(matchedRows(16, 1, 100, 1, 7)).toHaveLength(16);
  });

  it("puts matched rows into a batch: a random face's code, its paired portrait as the target", () => {
    const latent = 2;
    const pool = { refreshedAt: 0, codes: Float32Array.of(5, 6, 7, 8), pairs: Int32Array.of(0, 40, 1, 41) };
    const codes = Float32Array.of(0, 0, 1, 1, 2, 2);
    const targets = withMatchedRows(codes, [10, 11, 12], [{ row: 2, pair: 1 }], pool, latent);
    expect(Array.from(codes)).toEqual([0, 0, 1, 1, 7, 8]);
    expect(targets).toEqual([10, 11, 41]);
  });

  it("draws a pool of random faces as the editor does and pairs them by what the decoder draws", async () => {
    const latent = 12;
    const count = 30;
    const rng = createRng(5);
    const codes = Float32Array.from({ length: count * latent }, () => normal(rng));
    // a 'decoder' that draws a code as a 48×2 image of one colour, its first three numbers (shrunk by 2: 24×1)
    const height = 48;
    const width = 2;
    const draw = (z: Float32Array, n: number) =>
      Float32Array.from({ length: n * height * width * 3 }, (_, i) => {
        const face = Math.floor(i / (height * width * 3));
        return z[face * latent + (i % 3)] as number;
      });
    const colours = (z: Float32Array, n: number) =>
      Float32Array.from({ length: n * 24 * 3 }, (_, i) => z[Math.floor(i / 72) * latent + (i % 3)] as number);
    const portraits = colours(codes, count);
    expect(matchFactor(height)).toBe(2);
    const o = { codes, count, latent, height, width, shrunkPortraits: portraits, seed: 1, step: 250, size: 64 };
    const pool = await drawMatchPool({ ...o, decode: async (z, n) => draw(z, n) });
    expect(pool.refreshedAt).toBe(250);
    expect(pool.codes).toHaveLength(64 * latent);
    // the codes lie in the span of the leading components (randomDepth of them), as the editor's random faces do
    const space = fitFaceSpace(codes, count, latent);
    const depth = randomDepth(space.explainedVarianceRatio);
    expect(depth).toBeLessThan(latent);
    for (let i = 0; i < 64; i++)
      for (let k = depth; k < latent; k++) {
        let along = 0;
        for (let j = 0; j < latent; j++)
          along +=
            ((pool.codes[i * latent + j] as number) - (space.mean[j] as number)) *
            (space.components[j * latent + k] as number);
        expect(Math.abs(along)).toBeLessThan(1e-4);
      }
    expect(Array.from(pool.pairs)).toEqual(Array.from(matchOneToOne(colours(pool.codes, 64), portraits, 72)));
    expect(pool.pairs).toHaveLength(2 * count);
    // portraits shrunk otherwise than the decoded faces are refused, not compared
    await expect(
      drawMatchPool({ ...o, shrunkPortraits: portraits.subarray(3), decode: async (z, n) => draw(z, n) }),
    ).rejects.toThrow(/expected 2160/);
    // the same (seed, step) draws the same pool; another step another
    const again = await drawMatchPool({ ...o, decode: async (z, n) => draw(z, n) });
    expect(Array.from(again.codes)).toEqual(Array.from(pool.codes));
    const next = await drawMatchPool({ ...o, step: 500, decode: async (z, n) => draw(z, n) });
    expect(Array.from(next.codes)).not.toEqual(Array.from(pool.codes));
  });
});
