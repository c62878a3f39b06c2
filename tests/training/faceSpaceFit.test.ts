import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRng } from "../../lib/random";
import { fitFaceSpace, principalComponents } from "../../training/faceSpaceFit";
import { initialCodes } from "../../training/train/codeInit";
import { randomRotation, syntheticCodes } from "../helpers/syntheticCodes";

describe("fitting the face space (PCA over learned codes)", () => {
  const latent = 80;
  const count = 500;
  const rotation = randomRotation(latent, 5);
  const codes = syntheticCodes(count, latent, 3, rotation);
  const space = fitFaceSpace(codes, count, latent);

  it("finds the rotated axes: the first component is the largest axis, with its scale", () => {
    let dot = 0;
    for (let i = 0; i < latent; i++) dot += (space.components[i * latent] as number) * (rotation[i] as number);
    expect(Math.abs(dot)).toBeGreaterThan(0.99);
    // axis 0 has std 101; a sample of 500 estimates it within a few percent
    expect(space.sigma[0] as number).toBeGreaterThan(101 * 0.9);
    expect(space.sigma[0] as number).toBeLessThan(101 * 1.1);
  });

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

  it("gives the same sliders when refitted on the codes in another order (signs fixed)", () => {
    const small = 12;
    const n = 60;
    const some = syntheticCodes(n, small, 4, randomRotation(small, 2));
    const reversed = new Float32Array(some.length);
    for (let r = 0; r < n; r++) reversed.set(some.subarray(r * small, (r + 1) * small), (n - 1 - r) * small);
    const a = fitFaceSpace(some, n, small);
    const b = fitFaceSpace(reversed, n, small);
    for (let i = 0; i < small * small; i++) expect(b.components[i]).toBeCloseTo(a.components[i] as number, 6);
    for (let k = 0; k < small; k++) expect(b.sigma[k]).toBeCloseTo(a.sigma[k] as number, 6);
  });

  it("needs at least 2 codes", () => {
    expect(() => fitFaceSpace(new Float32Array(4), 1, 4)).toThrow(/at least 2 codes/);
  });
});

describe("principal components", () => {
  it("decomposes the sample covariance (count − 1) and leaves the rows as they were", () => {
    const rng = createRng(6);
    const dim = 5;
    const rows = Matrix.from1DArray(
      40,
      dim,
      Array.from({ length: 40 * dim }, (_, i) => (rng() - 0.5) * (1 + (i % dim))),
    );
    const before = rows.to1DArray();
    const pca = principalComponents(rows);
    expect(rows.to1DArray()).toEqual(before);
    const cov = pca.centered
      .transpose()
      .mmul(pca.centered)
      .div(rows.rows - 1);
    const rebuilt = pca.components.mmul(Matrix.diag(Array.from(pca.variances))).mmul(pca.components.transpose());
    for (let i = 0; i < dim; i++)
      for (let j = 0; j < dim; j++) expect(rebuilt.get(i, j)).toBeCloseTo(cov.get(i, j), 10);
    for (let k = 1; k < dim; k++)
      expect(pca.variances[k - 1] as number).toBeGreaterThanOrEqual(pca.variances[k] as number);
    for (const v of pca.centered.mean("column")) expect(v).toBeCloseTo(0, 12);
  });

  it("starts GLO's codes on the portraits' leading components: uncorrelated, variance descending", () => {
    const rng = createRng(8);
    const [count, height, width, latent] = [30, 32, 24, 4];
    const images = Uint8Array.from({ length: count * height * width * 3 }, () => Math.floor(rng() * 256));
    const codes = initialCodes("pca", { images, count, height, width, latent, seed: 1 });
    const z = principalComponents(Matrix.from1DArray(count, latent, Array.from(codes)));
    const cov = z.centered
      .transpose()
      .mmul(z.centered)
      .div(count - 1);
    for (let k = 1; k < latent; k++) expect(cov.get(k - 1, k - 1)).toBeGreaterThan(cov.get(k, k));
    for (let i = 0; i < latent; i++)
      for (let j = 0; j < latent; j++) if (i !== j) expect(Math.abs(cov.get(i, j))).toBeLessThan(1e-6 * cov.get(0, 0));
    for (let r = 0; r < count; r++) expect(Math.hypot(...codes.subarray(r * latent, (r + 1) * latent))).toBeLessThan(1);
  });
});
