/** Which training codes a Randomize face was pulled toward (lib/faceSpace pullTowardNearest). */

import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { trainingSliders } from "../../facemodel/randomFace";
import { RANDOM_PULL, randomDepth } from "../../lib/faceSpace";

/** Past the drawn sliders the draw is 0, so a pulled face holds there RANDOM_PULL × the sliders of the training
 * code it was pulled toward: the codes that match within `tolerance` (one, for a pulled face). */
export function pulledToward(sliders: ArrayLike<number>, model: LoadedModel, tolerance: number): number[] {
  const latent = model.manifest.latent;
  const depth = randomDepth(model.faceSpace.explainedVarianceRatio);
  const anchors = trainingSliders(model);
  const matches: number[] = [];
  for (let r = 0; r < anchors.length / latent; r++) {
    let match = true;
    for (let k = depth; k < latent && match; k++)
      match = Math.abs((sliders[k] as number) - RANDOM_PULL * (anchors[r * latent + k] as number)) < tolerance;
    if (match) matches.push(r);
  }
  return matches;
}
