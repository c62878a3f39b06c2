/** What changes over a training run: the decoder's learning rate and the code-noise scale. */
import type { TrainSettings } from "../../facemodel/artifact/trainSettings";

/** How far the run's schedule is, 0..1: by steps, or (cosine-time) by the share of the time budget spent. */
const scheduleProgress = (s: TrainSettings, step: number, totalSteps: number, timeFraction: number) =>
  Math.min(1, s.lrSchedule === "cosine-time" ? timeFraction : step / Math.max(1, totalSteps));

/** 1 at the start of a cosine schedule, 0 at its end. */
const cosineDecay = (t: number) => 0.5 * (1 + Math.cos(Math.PI * t));

/** The decoder's learning rate at a step; `timeFraction` is the share of the time budget spent (cosine-time). */
export function learningRate(s: TrainSettings, step: number, totalSteps: number, timeFraction = 0): number {
  const t = scheduleProgress(s, step, totalSteps, timeFraction);
  const rate = s.lrSchedule === "constant" ? s.lr : s.lr * (0.05 + 0.95 * cosineDecay(t));
  // a warm start's fresh Adam moments make its first steps large: ramp up over the first 3% of the run
  return s.initFrom ? rate * Math.min(1, (t + 1e-3) / 0.03) : rate;
}

/** Updates of each code over which a frozen decoder's code rate ramps up (codeLearningRate). */
export const FROZEN_CODE_RAMP = 5;

/**
 * A code's learning rate at its `update`-th Adam update of this run (1-based). With the decoder frozen the codes
 * start from a trained model with fresh Adam moments, whose first update moves every coordinate by the full
 * rate: measured on the default model's stage 8 (64 portraits, rate 0.01), the sample's PSNR fell 0.7 dB at
 * the first update and took 3 to recover; ramped over 5 updates it rose from the first. (Joint warm starts
 * keep the constant rate their stages' commands were run with.)
 */
export function codeLearningRate(s: TrainSettings, update: number): number {
  return s.freezeDecoder ? s.codeLr * Math.min(1, update / FROZEN_CODE_RAMP) : s.codeLr;
}

/** The code-noise scale at a step: constant, or decaying like the learning rate to codeNoiseFinal. */
export function codeNoiseAt(s: TrainSettings, step: number, totalSteps: number, timeFraction = 0): number {
  if (s.lrSchedule === "constant" || s.codeNoiseFinal === undefined) return s.codeNoise;
  const t = scheduleProgress(s, step, totalSteps, timeFraction);
  return s.codeNoiseFinal + (s.codeNoise - s.codeNoiseFinal) * cosineDecay(t);
}
