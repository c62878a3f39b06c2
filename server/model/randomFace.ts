/**
 * Random faces as the editor's Randomize draws them: the leading sliders from N(0, 1), the face then pulled
 * toward the nearest training code (lib/faceSpace pullTowardNearest); and the face a new room starts on.
 * The training codes' sliders are computed once per loaded model.
 */
import { randomInt } from "node:crypto";
import { codesToSliders, pullTowardNearest, randomDepth, randomSliders } from "../../lib/faceSpace";
import { createRng, type Rng } from "../../lib/random";
import { SLIDER_LIMIT } from "../../lib/roomDocument";
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

/**
 * The face a new room starts on: the training portrait's code nearest the mean (the smallest sliders, in
 * standard deviations). The mean itself is the blurriest face a GLO decoder makes (it blends every
 * portrait); a learned code is a face the decoder reconstructs, and this one is the most typical of them.
 * Rounded as the editor's sliders are.
 */
export function startingFace(model: LoadedModel): Float64Array {
  const sliders = trainingSliders(model);
  const n = model.faceSpace.latent;
  let best = 0;
  let bestNorm = Number.POSITIVE_INFINITY;
  for (let r = 0; r < sliders.length / n; r++) {
    let norm = 0;
    for (let k = 0; k < n; k++) norm += (sliders[r * n + k] as number) ** 2;
    if (norm < bestNorm) {
      bestNorm = norm;
      best = r;
    }
  }
  return Float64Array.from(sliders.subarray(best * n, (best + 1) * n), (v) =>
    Math.max(-SLIDER_LIMIT, Math.min(SLIDER_LIMIT, Math.round(v * 1e4) / 1e4)),
  );
}
