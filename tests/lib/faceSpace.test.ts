import { describe, expect, it } from "vitest";
import {
  codesToSliders,
  codeToSliders,
  pullTowardNearest,
  RANDOM_MIN_DEPTH,
  RANDOM_PULL,
  randomCodes,
  randomDepth,
  randomSliders,
  slidersToCode,
} from "../../lib/faceSpace";
import { createRng } from "../../lib/random";
import { fitFaceSpace } from "../../training/faceSpaceFit";
import { randomRotation, syntheticCodes } from "../helpers/syntheticCodes";

describe("face space sliders (over a fitted PCA)", () => {
  const latent = 80;
  const count = 500;
  const rotation = randomRotation(latent, 5);
  const codes = syntheticCodes(count, latent, 3, rotation);
  const space = fitFaceSpace(codes, count, latent);

  it("round-trips sliders → code → sliders within 1e-4", () => {
    const rng = createRng(11);
    for (let t = 0; t < 20; t++) {
      const s = randomSliders(latent, rng);
      const back = codeToSliders(space, slidersToCode(space, s));
      for (let k = 0; k < latent; k++) expect(Math.abs((back[k] as number) - (s[k] as number))).toBeLessThan(1e-4);
    }
  });

  it("maps the zero sliders to the mean code and the training codes to unit-variance sliders", () => {
    const z = slidersToCode(space, new Float64Array(latent));
    for (let i = 0; i < latent; i++) expect(z[i]).toBeCloseTo(space.mean[i] as number, 4);
    const first = Array.from(
      { length: count },
      (_, r) => codeToSliders(space, codes.subarray(r * latent, (r + 1) * latent))[0] as number,
    );
    const mean = first.reduce((a, b) => a + b, 0) / count;
    const variance = first.reduce((a, b) => a + (b - mean) ** 2, 0) / (count - 1);
    expect(mean).toBeCloseTo(0, 6);
    expect(variance).toBeCloseTo(1, 4);
  });

  it("samples random faces as N(0,1) per component, truncated at ±3", () => {
    const rng = createRng(5);
    const all = Array.from({ length: 200 }, () => Array.from(randomSliders(latent, rng))).flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeGreaterThan(0.9);
    expect(sd).toBeLessThan(1.05);
    expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(3);
  });

  it("draws a random face on the leading components only, the rest at the mean", () => {
    const rng = createRng(8);
    for (let t = 0; t < 20; t++) {
      const s = randomSliders(latent, rng, { depth: 5 });
      expect(s.slice(0, 5).every((v) => v !== 0)).toBe(true);
      expect(s.slice(5).every((v) => v === 0)).toBe(true);
    }
    const depth = randomDepth(space.explainedVarianceRatio);
    expect(depth).toBeLessThan(latent);
    const codes = randomCodes(space, 10, rng);
    for (let i = 0; i < 10; i++) {
      const s = codeToSliders(space, codes.subarray(i * latent, (i + 1) * latent));
      for (let k = depth; k < latent; k++) expect(Math.abs(s[k] as number)).toBeLessThan(1e-3);
    }
  });
});

describe("randomDepth", () => {
  it("takes the leading components that explain the share of variance, at least RANDOM_MIN_DEPTH", () => {
    const flat = Array.from({ length: 80 }, () => 1 / 80);
    expect(randomDepth(flat, 0.35)).toBe(28);
    expect(randomDepth(flat, 1)).toBe(80);
    // a dominant first component alone reaches the share: the floor keeps faces varied
    const dominant = [0.6, ...Array.from({ length: 79 }, () => 0.4 / 79)];
    expect(randomDepth(dominant, 0.35)).toBe(RANDOM_MIN_DEPTH);
    expect(randomDepth([0.5, 0.3, 0.2], 0.35)).toBe(3);
  });
});

describe("pulling a random face toward the nearest training code", () => {
  // three anchors of 4 sliders: on the first 2 sliders the nearest to s is anchor 1, on all 4 anchor 2
  const anchors = Float64Array.from([3, 3, 0, 0, 0.5, 0.2, 4, -4, 1, 1, 1, 1]);
  const s = [0.4, 0.4, 1, 1];

  it("moves every slider the share of the way to the anchor nearest on the leading sliders", () => {
    const out = pullTowardNearest(s, anchors, 2, 0.6);
    const expected = [0.4 * 0.4 + 0.6 * 0.5, 0.4 * 0.4 + 0.6 * 0.2, 0.4 * 1 + 0.6 * 4, 0.4 * 1 - 0.6 * 4];
    expected.forEach((v, k) => {
      expect(out[k]).toBeCloseTo(v, 12);
    });
    // measured on all 4 sliders the nearest is anchor 2
    expect(Array.from(pullTowardNearest(s, anchors, 4, 1))).toEqual([1, 1, 1, 1]);
  });

  it("keeps the draw with no pull or no anchors, and lands on the anchor with a full pull", () => {
    expect(Array.from(pullTowardNearest(s, anchors, 2, 0))).toEqual(s);
    expect(Array.from(pullTowardNearest(s, [], 2))).toEqual(s);
    expect(pullTowardNearest([], anchors, 2)).toHaveLength(0);
    expect(Array.from(pullTowardNearest(s, anchors, 2, 1))).toEqual([0.5, 0.2, 4, -4]);
    expect(RANDOM_PULL).toBeGreaterThan(0);
    expect(RANDOM_PULL).toBeLessThan(1);
  });

  it("reads every training code's sliders, and draws random codes pulled toward them", () => {
    const latent = 6;
    const count = 40;
    const codes = syntheticCodes(count, latent, 9, randomRotation(latent, 4));
    const space = fitFaceSpace(codes, count, latent);
    const all = codesToSliders(space, codes);
    expect(all).toHaveLength(count * latent);
    const row = codeToSliders(space, codes.subarray(5 * latent, 6 * latent));
    row.forEach((v, k) => {
      expect(all[5 * latent + k]).toBeCloseTo(v, 9);
    });
    const depth = 3;
    const pulled = randomCodes(space, 5, createRng(21), depth, all);
    const rng = createRng(21);
    for (let i = 0; i < 5; i++) {
      const expected = pullTowardNearest(randomSliders(latent, rng, { depth }), all, depth);
      const got = codeToSliders(space, pulled.subarray(i * latent, (i + 1) * latent));
      expected.forEach((v, k) => {
        expect(got[k]).toBeCloseTo(v, 3);
      });
      // pulled, the small components are no longer 0: they lean toward a training portrait's details
      expect(got.slice(depth).some((v) => Math.abs(v) > 1e-3)).toBe(true);
    }
  });
});
