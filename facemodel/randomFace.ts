/**
 * Random faces as the editor's Randomize draws them: the leading sliders from N(0, 1), the face then pulled
 * toward the nearest training code (lib/faceSpace pullTowardNearest); and the face a new room starts on.
 * The training codes' sliders are computed once per loaded model.
 */
import { randomInt } from "node:crypto";
import { codesToSliders, pullTowardNearest, randomDepth, randomSliders } from "../lib/faceSpace";
import { createRng, type Rng } from "../lib/random";
import { SLIDER_LIMIT } from "../lib/roomDocument";
import type { LoadedModel } from "./artifact/modelArtifact";

const anchorsOf = new WeakMap<LoadedModel, Float64Array>();

/** The sliders of every training code of the model (count × latent), computed on first use (about 33 ms
 * for the default model's 2,000 codes, on the first Randomize rather than at start-up). */
export function trainingSliders(model: LoadedModel): Float64Array {
  let anchors = anchorsOf.get(model);
  if (!anchors) {
    anchors = codesToSliders(model.faceSpace, model.codes);
    anchorsOf.set(model, anchors);
  }
  return anchors;
}

/** One random face's sliders; a fresh unpredictable seed unless `rng` is given. */
export function drawRandomFace(model: LoadedModel, rng: Rng = createRng(randomInt(2 ** 32))): Float64Array {
  const space = model.faceSpace;
  const depth = randomDepth(space.explainedVarianceRatio);
  return pullTowardNearest(randomSliders(space.latent, rng, { depth }), trainingSliders(model), depth);
}

/** Each model's training faces, nearest the mean first (the smallest sliders, in standard deviations). */
const byNorm = new WeakMap<LoadedModel, number[]>();

/** The `count` training faces nearest the mean, averaged; rounded as the editor's sliders are. */
function nearMean(model: LoadedModel, count: number): Float64Array {
  const sliders = trainingSliders(model);
  const n = model.faceSpace.latent;
  let order = byNorm.get(model);
  if (!order) {
    const norms = Array.from({ length: sliders.length / n }, (_, r) => {
      let norm = 0;
      for (let k = 0; k < n; k++) norm += (sliders[r * n + k] as number) ** 2;
      return norm;
    });
    order = norms.map((_, r) => r).sort((a, b) => (norms[a] as number) - (norms[b] as number) || a - b);
    byNorm.set(model, order);
  }
  const chosen = order.slice(0, count);
  const face = new Float64Array(n);
  for (const r of chosen) for (let k = 0; k < n; k++) face[k] = (face[k] as number) + (sliders[r * n + k] as number);
  return face.map((v) => Math.max(-SLIDER_LIMIT, Math.min(SLIDER_LIMIT, Math.round((v / chosen.length) * 1e4) / 1e4)));
}

/**
 * The face a new room starts on: the training portrait's code nearest the mean. The mean itself is the
 * blurriest face a GLO decoder makes (it blends every portrait, and draws no eyes); a learned code is a
 * face the decoder reconstructs, and this one is the most typical of them.
 */
export const startingFace = (model: LoadedModel): Float64Array => nearMean(model, 1);

/** How many training faces the neutral face averages. */
export const NEUTRAL_FACES = 20;

/**
 * A witness session's neutral start: the average of the NEUTRAL_FACES training faces nearest the mean.
 * Closer to every face than any one portrait (on the default model 1.4 dB nearer, by PSNR, to faces it
 * draws at random than the starting face), and unlike the mean it still has eyes and a mouth.
 */
export const neutralFace = (model: LoadedModel): Float64Array => nearMean(model, NEUTRAL_FACES);
