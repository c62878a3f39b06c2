/**
 * Code noise for GLO training: the decoder sees z + ε, ε_i ~ N(0, (α·s_i)²), with s_i the spread of code
 * dimension i over all training codes. The code's gradient is taken at the noisy point and applied to z.
 */
import { normal } from "../../lib/random";
import { CODE_NOISE, stepRng } from "./stepStreams";

/** Standard deviation of each code dimension over all rows. */
export function codeSpread(codes: Float32Array, count: number, latent: number): Float32Array {
  const mean = new Float64Array(latent);
  const square = new Float64Array(latent);
  for (let r = 0; r < count; r++)
    for (let k = 0; k < latent; k++) {
      const v = codes[r * latent + k] as number;
      mean[k] = (mean[k] as number) + v / count;
      square[k] = (square[k] as number) + (v * v) / count;
    }
  return Float32Array.from(mean, (m, k) => Math.sqrt(Math.max(0, (square[k] as number) - m * m)));
}

/** Adds the noise in place; the stream depends only on (seed, step), so resumed runs repeat it exactly. */
export function addCodeNoise(
  z: Float32Array,
  spread: Float32Array,
  alpha: number,
  seed: number,
  step: number,
): Float32Array {
  if (alpha === 0) return z;
  const rng = stepRng(CODE_NOISE, seed, step);
  const latent = spread.length;
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) + alpha * (spread[i % latent] as number) * normal(rng);
  return z;
}
