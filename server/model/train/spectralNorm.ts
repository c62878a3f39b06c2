/**
 * Spectral normalisation (Miyato et al. 2018) of a weight matrix W [rows, cols] (row-major): W / σ(W), σ its
 * largest singular value, so the matrix stretches no vector by more than 1 (a 3×3 conv built on it by a small
 * constant at most). On a discriminator it bounds how sharply the score can change with the image, and the
 * discriminator can no longer sharpen its scores by growing its kernels (docs/model.md, Tried and not kept).
 *
 * σ comes from power iteration started from the same fixed vector every time: the result depends on W alone, so
 * nothing beyond the weights needs keeping for a resumed run to repeat a run exactly.
 */
import { createRng, normal } from "../../../lib/random";

/**
 * σ within 1 % of the true value on a random 1,152 × 128 kernel (the discriminator's largest, whose leading
 * singular values nearly tie at initialisation; measured on a uniform random one: 1.6 % low after 10 iterations,
 * 0.7 % after 20, 0.2 % after 40). Each iteration reads the matrix twice: 20 cost about 6 M multiply-adds there.
 */
export const POWER_ITERATIONS = 20;

export interface SpectralNormal {
  /** W / σ */
  normalised: Float32Array;
  sigma: number;
  /** the leading left and right singular vectors found (unit length) */
  u: Float64Array;
  v: Float64Array;
}

/** Scales x to unit length in place; returns the length it had. */
function unit(x: Float64Array): number {
  let s = 0;
  for (const a of x) s += a * a;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) / n;
  return n;
}

export function spectralNormal(
  w: ArrayLike<number>,
  rows: number,
  cols: number,
  iterations = POWER_ITERATIONS,
): SpectralNormal {
  if (w.length !== rows * cols) throw new Error(`spectral norm: ${w.length} values are not ${rows} × ${cols}`);
  const rng = createRng(rows * 7919 + cols);
  let v = Float64Array.from({ length: cols }, () => normal(rng));
  unit(v);
  let u = new Float64Array(rows);
  // σ = uᵀ W v = ‖Wᵀ u‖ for the last u, and v = Wᵀ u / σ: the length v had before its last scaling
  let sigma = 0;
  for (let t = 0; t < Math.max(1, iterations); t++) {
    u = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += (w[r * cols + c] as number) * (v[c] as number);
      u[r] = s;
    }
    unit(u);
    v = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const ur = u[r] as number;
      for (let c = 0; c < cols; c++) v[c] = (v[c] as number) + (w[r * cols + c] as number) * ur;
    }
    sigma = Math.max(unit(v), 1e-12);
  }
  const normalised = Float32Array.from(w, (x) => x / sigma);
  return { normalised, sigma, u, v };
}

/**
 * ∂loss/∂W from ∂loss/∂(W/σ) = g: (g − ⟨g, W/σ⟩ u vᵀ) / σ, with σ = uᵀ W v (u and v held, as in the paper).
 */
export function spectralNormalGradient(g: ArrayLike<number>, n: SpectralNormal): Float32Array {
  const { u, v, sigma, normalised } = n;
  if (g.length !== normalised.length)
    throw new Error(`spectral norm: a gradient of ${g.length} values for a ${u.length} × ${v.length} matrix`);
  const cols = v.length;
  let inner = 0;
  for (let i = 0; i < normalised.length; i++) inner += (g[i] as number) * (normalised[i] as number);
  const out = new Float32Array(normalised.length);
  for (let r = 0; r < u.length; r++) {
    const ur = u[r] as number;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      out[i] = ((g[i] as number) - inner * ur * (v[c] as number)) / sigma;
    }
  }
  return out;
}
