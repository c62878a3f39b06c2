/**
 * Matched random faces for GLO training: random faces drawn as the editor draws them (N(0, 1) on the leading
 * components, lib/faceSpace randomCodes) are decoded and matched one to one with training portraits by nearness
 * (in colour at low resolution; matchOneToOne), and a share of every batch trains such a random code towards its
 * portrait (the decoder only: the random code is fixed).
 *
 * The idea: between two training codes an MSE decoder blends two portraits (eyes and mouths smear), and trained
 * on truncated codes it draws their mean (blurred). A random face matched with a portrait it already resembles
 * is asked for that portrait's own sharp shapes, not an average; the matching follows the decoder's own output,
 * so a region of the face space might settle on one face (the assignment and update of k-means; implicit
 * maximum likelihood estimation, Li & Malik 2018). One to one, because nearest-neighbour pairs (each face with
 * its nearest portrait, each portrait with its nearest face) make a blurred face the nearest of many portraits.
 * Measured on the default model (docs/model.md, Tried and not kept), both blur the editor's random faces: across
 * pools, codes a little apart get different portraits and MSE averages them. Kept for trials with another loss.
 *
 * The pool is drawn again every `matchEvery` steps (250 by default) from (seed, step) and the state at that
 * step; a checkpoint keeps it, so a resumed run repeats it.
 */
import { fitFaceSpace, randomCodes } from "../../../lib/faceSpace";
import type { DecoderConfig } from "../decoder/architecture";
import { createDecoderRuntime } from "../runtime/createRuntime";
import { MATCH_POOL, MATCHED_ROWS, stepRng } from "./stepStreams";

/** Random faces drawn for each pool. */
export const MATCH_POOL_SIZE = 1024;
/** Portraits and random faces are compared at about this many pixels high. */
const MATCH_HEIGHT = 24;

export interface MatchPool {
  /** the step it was drawn at */
  refreshedAt: number;
  /** the random faces' codes, samples × latent */
  codes: Float32Array;
  /** pairs (random face, portrait index), flattened */
  pairs: Int32Array;
}

/** The factor a portrait of this height is shrunk by before it is compared. */
export const matchFactor = (height: number) => Math.max(1, Math.floor(height / MATCH_HEIGHT));

/**
 * Images (count × height × width × 3, values × scale) shrunk by averaging factor × factor blocks (a border
 * that does not fill a block is left out).
 */
export function shrinkImages(
  pixels: ArrayLike<number>,
  count: number,
  height: number,
  width: number,
  factor: number,
  scale: number,
): Float32Array {
  const h = Math.floor(height / factor);
  const w = Math.floor(width / factor);
  const out = new Float32Array(count * h * w * 3);
  const norm = scale / (factor * factor);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < h * factor; y++)
      for (let x = 0; x < w * factor; x++)
        for (let c = 0; c < 3; c++) {
          const at = ((n * h + Math.floor(y / factor)) * w + Math.floor(x / factor)) * 3 + c;
          out[at] = (out[at] as number) + (pixels[((n * height + y) * width + x) * 3 + c] as number) * norm;
        }
  return out;
}

/**
 * A one-to-one matching by squared distance, greedy: all (sample, portrait) pairs from the nearest up, each
 * taken when neither its sample nor its portrait is taken yet; min(samples, portraits) pairs, flattened
 * (sample, portrait), in the order of the samples. No sample is taken by two portraits, and no portrait by two
 * samples: a face near many portraits (a blurred one is near them all) is pulled towards one of them, never
 * towards their mean, and the faces do not all settle on the few portraits nearest the middle.
 */
export function matchOneToOne(samples: Float32Array, portraits: Float32Array, dims: number): Int32Array {
  const sampleCount = samples.length / dims;
  const portraitCount = portraits.length / dims;
  if (!(dims >= 1 && sampleCount >= 1 && portraitCount >= 1))
    throw new Error(`nothing to pair: ${samples.length} sample and ${portraits.length} portrait values of ${dims}`);
  const squares = (a: Float32Array, n: number) =>
    Float64Array.from({ length: n }, (_, i) => {
      let q = 0;
      for (let k = i * dims; k < (i + 1) * dims; k++) q += (a[k] as number) ** 2;
      return q;
    });
  const sampleSquares = squares(samples, sampleCount);
  const portraitSquares = squares(portraits, portraitCount);
  const distances = new Float64Array(sampleCount * portraitCount);
  for (let s = 0; s < sampleCount; s++) {
    const so = s * dims;
    for (let p = 0; p < portraitCount; p++) {
      const po = p * dims;
      let dot = 0;
      for (let k = 0; k < dims; k++) dot += (samples[so + k] as number) * (portraits[po + k] as number);
      distances[s * portraitCount + p] = (sampleSquares[s] as number) + (portraitSquares[p] as number) - 2 * dot;
    }
  }
  // nearest first; equal distances in (sample, portrait) order, so the matching is the same on every machine
  const order = Uint32Array.from({ length: distances.length }, (_, i) => i).sort(
    (a, b) => (distances[a] as number) - (distances[b] as number) || a - b,
  );
  const portraitOf = new Int32Array(sampleCount).fill(-1);
  const portraitTaken = new Uint8Array(portraitCount);
  let left = Math.min(sampleCount, portraitCount);
  for (let i = 0; i < order.length && left > 0; i++) {
    const s = Math.floor((order[i] as number) / portraitCount);
    const p = (order[i] as number) % portraitCount;
    if (portraitOf[s] !== -1 || portraitTaken[p]) continue;
    portraitOf[s] = p;
    portraitTaken[p] = 1;
    left--;
  }
  const pairs: number[] = [];
  portraitOf.forEach((p, s) => {
    if (p !== -1) pairs.push(s, p);
  });
  return Int32Array.from(pairs);
}

/**
 * A new pool: MATCH_POOL_SIZE random faces of the codes' face space as it is now (as the editor draws them: the
 * leading components, lib/faceSpace randomDepth), decoded by `decode`, paired with the portraits (shrunk by
 * shrinkImages with matchFactor(height), scale 1).
 */
export async function drawMatchPool(o: {
  codes: Float32Array;
  count: number;
  latent: number;
  height: number;
  width: number;
  shrunkPortraits: Float32Array;
  decode: (codes: Float32Array, n: number) => Promise<Float32Array>;
  seed: number;
  step: number;
  size?: number;
}): Promise<MatchPool> {
  const size = o.size ?? MATCH_POOL_SIZE;
  const space = fitFaceSpace(o.codes, o.count, o.latent);
  const codes = randomCodes(space, size, stepRng(MATCH_POOL, o.seed, o.step));
  const factor = matchFactor(o.height);
  const dims = Math.floor(o.height / factor) * Math.floor(o.width / factor) * 3;
  if (o.shrunkPortraits.length !== o.count * dims)
    throw new Error(
      `${o.shrunkPortraits.length} shrunk portrait values for ${o.count} portraits of ${o.width}x${o.height}: expected ${o.count * dims}`,
    );
  const faces = new Float32Array(size * dims);
  const batch = 32;
  for (let i = 0; i < size; i += batch) {
    const n = Math.min(batch, size - i);
    const images = await o.decode(codes.subarray(i * o.latent, (i + n) * o.latent), n);
    faces.set(shrinkImages(images, n, o.height, o.width, factor, 1), i * dims);
  }
  return { refreshedAt: o.step, codes, pairs: matchOneToOne(faces, o.shrunkPortraits, dims) };
}

/**
 * A run's pool drawer: its portraits shrunk once; each pool decoded by ONNX Runtime on the CPU with the weights
 * as they are at that step.
 */
export function matchPoolDrawer(o: {
  images: Uint8Array;
  count: number;
  config: DecoderConfig;
  seed: number;
  threads?: number;
}): (weights: Float32Array, codes: Float32Array, step: number) => Promise<MatchPool> {
  const { height, width, latent } = o.config;
  const shrunkPortraits = shrinkImages(o.images, o.count, height, width, matchFactor(height), 1 / 255);
  return async (weights, codes, step) => {
    const decoder = await createDecoderRuntime(o.config, weights, { backend: "onnx-cpu", threads: o.threads });
    try {
      const decode = (z: Float32Array, n: number) => decoder.decode(z, n);
      return await drawMatchPool({
        codes,
        count: o.count,
        latent,
        height,
        width,
        shrunkPortraits,
        decode,
        seed: o.seed,
        step,
      });
    } finally {
      await decoder.dispose();
    }
  };
}

/** Which rows of a batch take a matched pair, and which pair: each row with probability `share`, from (seed, step). */
export function matchedRows(
  size: number,
  share: number,
  pairCount: number,
  seed: number,
  step: number,
): { row: number; pair: number }[] {
  if (share <= 0 || pairCount === 0) return [];
  const rng = stepRng(MATCHED_ROWS, seed, step);
  const rows: { row: number; pair: number }[] = [];
  for (let row = 0; row < size; row++) {
    const chosen = rng() < share;
    const pair = Math.floor(rng() * pairCount);
    if (chosen) rows.push({ row, pair });
  }
  return rows;
}

/**
 * A batch with its matched rows put in: those rows' codes replaced by their random faces' codes and their
 * targets by the paired portraits (in place on `codes`; the targets are a new list).
 */
export function withMatchedRows(
  codes: Float32Array,
  targets: number[],
  rows: { row: number; pair: number }[],
  pool: MatchPool,
  latent: number,
): number[] {
  const out = [...targets];
  for (const { row, pair } of rows) {
    const sample = pool.pairs[2 * pair] as number;
    codes.set(pool.codes.subarray(sample * latent, (sample + 1) * latent), row * latent);
    out[row] = pool.pairs[2 * pair + 1] as number;
  }
  return out;
}
