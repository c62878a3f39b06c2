/**
 * The face space: PCA over the learned codes. Sliders are in standard deviations along principal
 * components ordered by variance.  z = μ + V (s ⊙ σ);  s = (Vᵀ (z − μ)) ⊘ σ.
 * Pure arithmetic on plain arrays so the browser and the server share it; the fitting is offline
 * (training/faceSpaceFit.ts).
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

/**
 * How much of the code variance a random face draws from: GLO memorises each training portrait's details in
 * the small components, and N(0, 1) on all of them decodes to smeared, patchy faces; drawn on the leading
 * components that explain this share (the rest at the mean) the decoder gives clean portraits. Measured on
 * the default model in docs/model.md (13 of 80 components there).
 */
export const RANDOM_VARIANCE_SHARE = 0.35;
/** A model with a dominant first component still varies its random faces in at least this many. */
export const RANDOM_MIN_DEPTH = 8;

/** How many leading components a random face draws: those that together explain `share` of the variance,
 * at least RANDOM_MIN_DEPTH (or all, for a smaller latent). */
export function randomDepth(ratios: ArrayLike<number>, share = RANDOM_VARIANCE_SHARE): number {
  const floor = Math.min(RANDOM_MIN_DEPTH, ratios.length);
  let sum = 0;
  for (let k = 0; k < ratios.length; k++) {
    sum += ratios[k] as number;
    if (sum >= share - 1e-12) return Math.max(k + 1, floor);
  }
  return Math.max(ratios.length, 1);
}

/**
 * A random face: s_k ~ N(0, 1) for the first `depth` components (truncated to ±limit by resampling),
 * s_k = 0 for the rest.
 */
export function randomSliders(latent: number, rng: Rng, o: { depth?: number; limit?: number } = {}): Float64Array {
  const depth = Math.min(o.depth ?? latent, latent);
  const limit = o.limit ?? 3;
  const s = new Float64Array(latent);
  for (let k = 0; k < depth; k++) {
    let v = normal(rng);
    while (Math.abs(v) > limit) v = normal(rng);
    s[k] = v;
  }
  return s;
}

/**
 * How far a random face is pulled toward the training code nearest to it: 0 keeps the N(0, 1) draw, 1
 * lands on the training code. A GLO decoder draws clean eyes and mouths near the codes it learned and
 * blends shapes between them (blank or smeared faces); pulled 60 % of the way fewer random faces are
 * flawed (36 of 96 against 47, 4 without eyes against 15) and they still differ from every training
 * portrait (measured in docs/model.md).
 */
export const RANDOM_PULL = 0.6;

/** Every code's sliders, one after another (count × latent): the anchors random faces are pulled toward. */
export function codesToSliders(space: FaceSpace, codes: Float32Array): Float64Array {
  const n = space.latent;
  const count = Math.floor(codes.length / n);
  const out = new Float64Array(count * n);
  for (let r = 0; r < count; r++) out.set(codeToSliders(space, codes.subarray(r * n, (r + 1) * n)), r * n);
  return out;
}

/**
 * Sliders `s` moved the share `pull` of the way toward the anchor nearest to them on their first `depth`
 * sliders (the ones a random face draws). `anchors`: count × s.length sliders, e.g. codesToSliders of the
 * training codes. No anchors: `s` unchanged.
 */
export function pullTowardNearest(
  s: ArrayLike<number>,
  anchors: ArrayLike<number>,
  depth: number,
  pull = RANDOM_PULL,
): Float64Array {
  const n = s.length;
  const count = n > 0 ? Math.floor(anchors.length / n) : 0;
  const d = Math.min(depth, n);
  let best = Number.POSITIVE_INFINITY;
  let nearest = -1;
  for (let r = 0; r < count; r++) {
    let e = 0;
    for (let k = 0; k < d && e < best; k++) e += ((s[k] as number) - (anchors[r * n + k] as number)) ** 2;
    if (e < best) {
      best = e;
      nearest = r;
    }
  }
  const out = Float64Array.from(s);
  if (nearest < 0) return out;
  for (let k = 0; k < n; k++) out[k] = (1 - pull) * (s[k] as number) + pull * (anchors[nearest * n + k] as number);
  return out;
}

/**
 * `count` random faces' codes, one after another (count × latent); depth as in randomSliders. With
 * `anchors` (codesToSliders of the training codes) each face is pulled toward the nearest of them, as the
 * editor's Randomize draws it.
 */
export function randomCodes(
  space: FaceSpace,
  count: number,
  rng: Rng,
  depth = randomDepth(space.explainedVarianceRatio),
  anchors?: ArrayLike<number>,
): Float32Array {
  const flat = new Float32Array(count * space.latent);
  for (let i = 0; i < count; i++) {
    const s = randomSliders(space.latent, rng, { depth });
    flat.set(slidersToCode(space, anchors ? pullTowardNearest(s, anchors, depth) : s), i * space.latent);
  }
  return flat;
}
