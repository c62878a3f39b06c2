/**
 * Truncated codes for GLO training: a share of each batch is decoded from its code with only the leading
 * components a random face draws (lib/faceSpace randomDepth), the rest set to the mean, and still asked for
 * its own portrait. A random face is decoded from exactly such a code; without this the decoder never sees
 * one (every training code carries its small components), and random faces come out smeared and patched.
 *
 * With the face space's mean μ and its first d components V_d, a truncated code is z' = μ + P (z − μ),
 * P = V_d V_dᵀ; the decoder's gradient at z' reaches z as P g (P is symmetric). Code noise, when the run
 * has any, is added after the truncation (the decoder sees μ + P (z − μ) + ε). The face space is fitted
 * again every step from all codes (~30 ms for 2,000 × 80 here, ~5 % of a CPU step).
 */
import { fitFaceSpace, randomDepth } from "../../../lib/faceSpace";
import { stepRng, TRUNCATED_ROWS } from "./stepStreams";

export interface Truncation {
  mean: Float64Array;
  /** P = V_d V_dᵀ, latent × latent */
  projection: Float64Array;
  depth: number;
}

/** The truncation for the codes as they are now (PCA of all of them). */
export function truncationOf(codes: Float32Array, count: number, latent: number): Truncation {
  const space = fitFaceSpace(codes, count, latent);
  const depth = randomDepth(space.explainedVarianceRatio);
  const projection = new Float64Array(latent * latent);
  for (let i = 0; i < latent; i++)
    for (let j = 0; j < latent; j++) {
      let p = 0;
      for (let k = 0; k < depth; k++)
        p += (space.components[i * latent + k] as number) * (space.components[j * latent + k] as number);
      projection[i * latent + j] = p;
    }
  return { mean: space.mean, projection, depth };
}

/** Which rows of a batch are truncated: each with probability `share`, from (seed, step) alone. */
export function truncatedRows(size: number, share: number, seed: number, step: number): number[] {
  if (share <= 0) return [];
  const rng = stepRng(TRUNCATED_ROWS, seed, step);
  return Array.from({ length: size }, (_, j) => j).filter(() => rng() < share);
}

const project = (v: Float32Array, at: number, t: Truncation, centre: boolean) => {
  const n = t.mean.length;
  const d = Float64Array.from({ length: n }, (_, i) => (v[at + i] as number) - (centre ? (t.mean[i] as number) : 0));
  for (let i = 0; i < n; i++) {
    let p = centre ? (t.mean[i] as number) : 0;
    for (let j = 0; j < n; j++) p += (t.projection[i * n + j] as number) * (d[j] as number);
    v[at + i] = p;
  }
};

/** z' = μ + P (z − μ) for the given rows of a batch of codes, in place. */
export function truncateRows(codes: Float32Array, rows: number[], t: Truncation): void {
  for (const j of rows) project(codes, j * t.mean.length, t, true);
}

/** g = P g' for the given rows of the codes' gradients, in place. */
export function projectRowGradients(grads: Float32Array, rows: number[], t: Truncation): void {
  for (const j of rows) project(grads, j * t.mean.length, t, false);
}

/**
 * One batch through the truncation: its chosen rows truncated in place, `compute` run on the codes (it adds
 * any code noise), and those rows' code gradients taken back through the projection.
 */
export async function throughTruncation<R extends { codeGrads: Float32Array }>(
  codes: Float32Array,
  rows: number[],
  t: Truncation | undefined,
  compute: (codes: Float32Array) => Promise<R>,
): Promise<R> {
  if (t) truncateRows(codes, rows, t);
  const result = await compute(codes);
  if (t) projectRowGradients(result.codeGrads, rows, t);
  return result;
}
