/** What changes over a training run: the decoder's learning rate and the code-noise scale. */
import type { TrainSettings } from "../artifact/trainSettings";

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

/** The code-noise scale at a step: constant, or decaying like the learning rate to codeNoiseFinal. */
export function codeNoiseAt(s: TrainSettings, step: number, totalSteps: number, timeFraction = 0): number {
  if (s.lrSchedule === "constant" || s.codeNoiseFinal === undefined) return s.codeNoise;
  const t = scheduleProgress(s, step, totalSteps, timeFraction);
  return s.codeNoiseFinal + (s.codeNoise - s.codeNoiseFinal) * cosineDecay(t);
}
