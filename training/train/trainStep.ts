/**
 * One optimisation step of a GLO run: the batch's codes (with code noise while the schedule has it), the
 * gradients of its loss, then Adam on the decoder (unless it is frozen) and lazy row-wise Adam on each of the
 * batch's codes, which are kept in the unit L2 ball.
 */
import type { TrainSettings } from "../../facemodel/artifact/trainSettings";
import { type AdamSettings, adamDefaults, adamUpdate } from "./adam";
import { gatherRows } from "./batches";
import type { CheckpointData } from "./checkpoint";
import { projectToBall } from "./codeInit";
import { addCodeNoise, codeSpread } from "./codeNoise";
import type { GradientPool } from "./gradientPool";
import { codeLearningRate, codeNoiseAt, learningRate } from "./schedule";

export interface StepRun {
  settings: TrainSettings;
  data: CheckpointData;
  /** the training set's size */
  count: number;
  gradients: GradientPool;
  /** the steps the run's schedule counts to */
  totalSteps: number;
}

/**
 * Takes a step on the given rows of the training set and advances the state's step; returns the batch's
 * loss. `timeFraction` is the share of the time budget spent (the cosine-time schedule).
 */
export type Stepper = (indices: number[], timeFraction: number) => Promise<number>;

export function createStepper(run: StepRun): Stepper {
  const { settings: s, data } = run;
  const st = data.state;
  const latent = s.config.latent;
  const weightAdam = adamDefaults(s.lr);
  const codeAdam = adamDefaults(s.codeLr);
  return async (indices, timeFraction) => {
    const alpha = codeNoiseAt(s, st.step, run.totalSteps, timeFraction);
    const codes = gatherRows(data.codes, indices, latent);
    // the spread of all codes now, once per step (a function of the state alone: resumes repeat it);
    // the noise is drawn for the whole batch before it is split between workers
    if (alpha > 0) addCodeNoise(codes, codeSpread(data.codes, run.count, latent), alpha, s.seed, st.step);
    const r = await run.gradients.compute(data.weights, indices, codes);
    if (!Number.isFinite(r.loss)) throw new Error(`loss became ${r.loss} at step ${st.step}`);
    st.step++;
    if (!s.freezeDecoder) {
      weightAdam.lr = learningRate(s, st.step, run.totalSteps, timeFraction);
      adamUpdate(weightAdam, st.step, data.weights, r.weightGrads, { m: data.weightM, v: data.weightV });
    }
    updateCodes(codeAdam, s, data, indices, r.codeGrads);
    return r.loss;
  };
}

/** Adam on each of the batch's codes, at that code's own update count (its rate ramps with it), then into the ball. */
function updateCodes(
  adam: AdamSettings,
  s: TrainSettings,
  data: CheckpointData,
  indices: readonly number[],
  codeGrads: Float32Array,
): void {
  const latent = s.config.latent;
  indices.forEach((row, j) => {
    const t = (data.codeSteps[row] ?? 0) + 1;
    data.codeSteps[row] = t;
    adam.lr = codeLearningRate(s, t);
    adamUpdate(adam, t, data.codes, codeGrads, { m: data.codeM, v: data.codeV }, row * latent, latent, j * latent);
    projectToBall(data.codes, latent, row);
  });
}
