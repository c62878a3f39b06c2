/**
 * The face space: PCA over the learned codes. Sliders are in standard deviations along principal
 * components ordered by variance.  z = μ + V (s ⊙ σ);  s = (Vᵀ (z − μ)) ⊘ σ.
 * Pure arithmetic on plain arrays so the browser and the server share it.
 */
import { normal, type Rng } from "./random";

export interface FaceSpace {
  latent: number;
  /** mean code μ, length latent */
  mean: Float64Array;
  /** V, row-major latent × latent: column k is component k (unit length) */
  components: Float64Array;
  /** σ_k = sqrt(λ_k), descending */
  sigma: Float64Array;
  /** λ_k / Σλ */
  explainedVarianceRatio: Float64Array;
}

export const component = (space: FaceSpace, row: number, k: number) =>
  space.components[row * space.latent + k] as number;

/** Slider values (in σ) → code. */
export function slidersToCode(space: FaceSpace, sliders: ArrayLike<number>): Float32Array {
  const n = space.latent;
  const z = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = space.mean[i] as number;
    for (let k = 0; k < n; k++)
      v += (space.components[i * n + k] as number) * (sliders[k] as number) * (space.sigma[k] as number);
    z[i] = v;
  }
  return z;
}

/** Code → slider values (in σ). Components with σ = 0 read as 0. */
export function codeToSliders(space: FaceSpace, code: ArrayLike<number>): Float64Array {
  const n = space.latent;
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let v = 0;
    for (let i = 0; i < n; i++)
      v += (space.components[i * n + k] as number) * ((code[i] as number) - (space.mean[i] as number));
    const sigma = space.sigma[k] as number;
    s[k] = sigma > 0 ? v / sigma : 0;
  }
  return s;
}

/** A random face: s_k ~ N(0, 1), optionally truncated to ±limit by resampling. */
export function randomSliders(latent: number, rng: Rng, limit = 3): Float64Array {
  const s = new Float64Array(latent);
  for (let k = 0; k < latent; k++) {
    let v = normal(rng);
    while (Math.abs(v) > limit) v = normal(rng);
    s[k] = v;
  }
  return s;
}

/** `count` random faces' codes, one after another (count × latent). */
export function randomCodes(space: FaceSpace, count: number, rng: Rng): Float32Array {
  const flat = new Float32Array(count * space.latent);
  for (let i = 0; i < count; i++) flat.set(slidersToCode(space, randomSliders(space.latent, rng)), i * space.latent);
  return flat;
}

/** Cyclic Jacobi eigen-decomposition of a symmetric matrix (n small: the latent size). */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] as number;
  return { values, vectors: v };
}

/** PCA of codes (count × latent, row-major): components sorted by variance, descending. */
export function fitFaceSpace(codes: ArrayLike<number>, count: number, latent: number): FaceSpace {
  if (count < 2) throw new Error("a face space needs at least 2 codes");
  const mean = new Float64Array(latent);
  for (let r = 0; r < count; r++)
    for (let i = 0; i < latent; i++) mean[i] = (mean[i] as number) + (codes[r * latent + i] as number) / count;
  const cov = new Float64Array(latent * latent);
  const d = new Float64Array(latent);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < latent; i++) d[i] = (codes[r * latent + i] as number) - (mean[i] as number);
    for (let i = 0; i < latent; i++) {
      const di = d[i] as number;
      for (let j = i; j < latent; j++) cov[i * latent + j] = (cov[i * latent + j] as number) + di * (d[j] as number);
    }
  }
  for (let i = 0; i < latent; i++)
    for (let j = i; j < latent; j++) {
      const c = (cov[i * latent + j] as number) / (count - 1);
      cov[i * latent + j] = c;
      cov[j * latent + i] = c;
    }
  const { values, vectors } = symmetricEigen(cov, latent);
  const order = Array.from(values.keys()).sort((x, y) => (values[y] as number) - (values[x] as number));
  const components = new Float64Array(latent * latent);
  const sigma = new Float64Array(latent);
  const ratio = new Float64Array(latent);
  const total = values.reduce((a, b) => a + Math.max(b, 0), 0);
  order.forEach((src, k) => {
    const lambda = Math.max(values[src] as number, 0);
    sigma[k] = Math.sqrt(lambda);
    ratio[k] = total > 0 ? lambda / total : 0;
    // sign convention: largest-magnitude entry positive, so refits give the same sliders
    let big = 0;
    for (let i = 0; i < latent; i++)
      if (Math.abs(vectors[i * latent + src] as number) > Math.abs(big)) big = vectors[i * latent + src] as number;
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < latent; i++) components[i * latent + k] = sign * (vectors[i * latent + src] as number);
  });
  return { latent, mean, components, sigma, explainedVarianceRatio: ratio };
}
