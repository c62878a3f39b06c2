/**
 * The trainer's random streams that depend only on (seed, step): a resumed run draws them again exactly. Each
 * use has its own stream, so that another use added later never repeats its numbers.
 */
import { createRng, type Rng } from "../../lib/random";

/** A stream's mixing constants (seed ^ xor) · mul + step. */
export interface StepStream {
  xor: number;
  mul: number;
}

export const CODE_NOISE: StepStream = { xor: 0, mul: 0x9e3779b1 };

/** The generator of `stream` at (seed, step). */
export const stepRng = (stream: StepStream, seed: number, step: number): Rng =>
  createRng((Math.imul(seed ^ stream.xor, stream.mul) + step) >>> 0);
