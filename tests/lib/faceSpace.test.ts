import { describe, expect, it } from "vitest";
import { codeToSliders, fitFaceSpace, randomSliders, slidersToCode } from "../../lib/faceSpace";
import { createRng, normal } from "../../lib/random";

/** Codes with a known covariance: independent axes of decreasing scale, then a random rotation. */
function syntheticCodes(count: number, latent: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const codes = new Float32Array(count * latent);
  for (let r = 0; r < count; r++)
    for (let k = 0; k < latent; k++) codes[r * latent + k] = normal(rng) * (1 + (latent - k)) + 0.3;
  return codes;
}

describe("face space (PCA over learned codes)", () => {
  const latent = 80;
  const count = 500;
  const codes = syntheticCodes(count, latent, 3);
  const space = fitFaceSpace(codes, count, latent);

  it("has orthonormal components", () => {
    let worst = 0;
    for (let a = 0; a < latent; a++)
      for (let b = 0; b < latent; b++) {
        let dot = 0;
        for (let i = 0; i < latent; i++)
          dot += (space.components[i * latent + a] as number) * (space.components[i * latent + b] as number);
        worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
      }
    expect(worst).toBeLessThan(1e-9);
  });

  it("orders components by variance and explains all of it", () => {
    for (let k = 1; k < latent; k++)
      expect(space.sigma[k - 1] as number).toBeGreaterThanOrEqual(space.sigma[k] as number);
    const total = space.explainedVarianceRatio.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 9);
    expect(space.sigma[0] as number).toBeGreaterThan(50);
  });

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
});
