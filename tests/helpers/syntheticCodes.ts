/** Codes with a known principal structure, for the face-space tests. */
import { createRng, normal } from "../../lib/random";

/** A random orthogonal matrix (Gram–Schmidt on Gaussian columns), column-major: column j at [j * n ...]. */
export function randomRotation(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const q = Float64Array.from({ length: n * n }, () => normal(rng));
  for (let j = 0; j < n; j++) {
    const col = q.subarray(j * n, (j + 1) * n);
    for (let p = 0; p < j; p++) {
      const prev = q.subarray(p * n, (p + 1) * n);
      const dot = col.reduce((sum, v, i) => sum + v * (prev[i] as number), 0);
      for (let i = 0; i < n; i++) col[i] = (col[i] as number) - dot * (prev[i] as number);
    }
    const norm = Math.hypot(...col);
    for (let i = 0; i < n; i++) col[i] = (col[i] as number) / norm;
  }
  return q;
}

/** Codes with a known covariance: independent axes of decreasing scale (axis k: std 1 + 100 · 0.8^k, well
 * apart at the top), then a random rotation, so the principal axes are the rotation's columns. */
export function syntheticCodes(count: number, latent: number, seed: number, rotation: Float64Array): Float32Array {
  const rng = createRng(seed);
  const codes = new Float32Array(count * latent);
  const axes = new Float64Array(latent);
  for (let r = 0; r < count; r++) {
    for (let k = 0; k < latent; k++) axes[k] = normal(rng) * (1 + 100 * 0.8 ** k);
    for (let i = 0; i < latent; i++) {
      let v = 0.3;
      for (let k = 0; k < latent; k++) v += (rotation[k * latent + i] as number) * (axes[k] as number);
      codes[r * latent + i] = v;
    }
  }
  return codes;
}
