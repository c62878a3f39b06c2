/**
 * Random faces as the editor's Randomize draws them: the leading sliders from N(0, 1), the face then pulled
 * toward the nearest training code (lib/faceSpace pullTowardNearest). The training codes' sliders are
 * computed once per loaded model.
 */
import { randomInt } from "node:crypto";
import { codesToSliders, pullTowardNearest, randomDepth, randomSliders } from "../../lib/faceSpace";
import { createRng, type Rng } from "../../lib/random";
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
