import { describe, expect, it } from "vitest";
import { createRng, normal } from "../../../../lib/random";
import { spectralNormal, spectralNormalGradient } from "../../../../server/model/train/spectralNorm";

/** U diag(s) Vᵀ with orthonormal U [rows × k], V [cols × k] from Gram–Schmidt on random vectors. */
function withSingularValues(rows: number, cols: number, s: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  const orthonormal = (n: number) => {
    const out: Float64Array[] = [];
    for (let k = 0; k < s.length; k++) {
      const x = Float64Array.from({ length: n }, () => normal(rng));
      for (const q of out) {
        const d = x.reduce((a, v, i) => a + v * (q[i] as number), 0);
        for (let i = 0; i < n; i++) x[i] = (x[i] as number) - d * (q[i] as number);
      }
      const norm = Math.hypot(...x);
      out.push(x.map((v) => v / norm));
    }
    return out;
  };
  const u = orthonormal(rows);
  const v = orthonormal(cols);
  const w = new Float32Array(rows * cols);
  s.forEach((sk, k) => {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        w[r * cols + c] =
          (w[r * cols + c] as number) +
          sk * ((u[k] as Float64Array)[r] as number) * ((v[k] as Float64Array)[c] as number);
  });
  return w;
}

describe("spectral normalisation", () => {
  it("divides a matrix by its largest singular value, whatever the others", () => {
    const w = withSingularValues(36, 8, [3, 2.4, 1, 0.5], 1);
    const n = spectralNormal(w, 36, 8);
    expect(n.sigma).toBeCloseTo(3, 4);
    expect(n.normalised[5]).toBeCloseTo((w[5] as number) / 3, 5);
    // a vector (the dense layer's [F, 1] kernel): σ is its length
    const d = Float32Array.from([3, 4, 0, 0]);
    expect(spectralNormal(d, 4, 1).sigma).toBeCloseTo(5, 6);
    expect(() => spectralNormal(d, 3, 1)).toThrow(/4 values are not 3 × 1/);
  });

  it("depends on the weights alone: the same matrix gives the same result every time", () => {
    const w = withSingularValues(20, 6, [2, 1.9, 0.3], 2);
    expect(spectralNormal(w, 20, 6)).toEqual(spectralNormal(w, 20, 6));
  });

  it("gives the gradient of a loss of W / σ(W) with respect to W (central differences)", () => {
    const rows = 12;
    const cols = 5;
    const w = withSingularValues(rows, cols, [2, 1, 0.7, 0.2], 3);
    const rng = createRng(4);
    const a = Float32Array.from({ length: rows * cols }, () => normal(rng));
    // loss = Σ a ⊙ (W / σ(W)) + ½ Σ (W / σ(W))², so ∂loss/∂(W/σ) = a + W/σ
    const loss = (x: Float32Array) =>
      spectralNormal(x, rows, cols, 200).normalised.reduce((s, v, i) => s + (a[i] as number) * v + 0.5 * v * v, 0);
    const n = spectralNormal(w, rows, cols, 200);
    const ours = spectralNormalGradient(
      Float32Array.from(n.normalised, (v, i) => (a[i] as number) + v),
      n,
    );
    const h = 1e-3;
    for (const i of [0, 7, 23, 41, 59]) {
      const up = Float32Array.from(w);
      const down = Float32Array.from(w);
      up[i] = (up[i] as number) + h;
      down[i] = (down[i] as number) - h;
      expect(ours[i], `weight ${i}`).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 2);
    }
    // a real signal, and not the plain g / σ (the σ term matters)
    const plain = Float32Array.from(n.normalised, (v, i) => ((a[i] as number) + v) / n.sigma);
    expect(Math.max(...ours.map((g, i) => Math.abs(g - (plain[i] as number))))).toBeGreaterThan(0.01);
  });
});
