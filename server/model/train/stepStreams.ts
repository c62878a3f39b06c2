/**
 * The trainer's random streams that depend only on (seed, step): a resumed run draws them again exactly. Each
 * use has its own stream, so short draws never repeat another's numbers; a long one (the adversary's portrait
 * noise, about 330,000 numbers a step) runs into other steps' numbers of a 32-bit generator, harmless for noise.
 */
import { createRng, type Rng } from "../../../lib/random";

/** A stream's mixing constants (seed ^ xor) · mul + step. */
export interface StepStream {
  xor: number;
  mul: number;
}

export const CODE_NOISE: StepStream = { xor: 0, mul: 0x9e3779b1 };
export const TRUNCATED_ROWS: StepStream = { xor: 0x5bd1e995, mul: 0x85ebca6b };
export const MATCH_POOL: StepStream = { xor: 0x27d4eb2f, mul: 0x165667b1 };
export const MATCHED_ROWS: StepStream = { xor: 0x1b873593, mul: 0xcc9e2d51 };
export const ADVERSARY_FACES: StepStream = { xor: 0x68e31da4, mul: 0xb5297a4d };
/** the discriminator's initial weights (drawn once, with step argument 0, whenever the run starts using it) */
export const DISCRIMINATOR_INIT: StepStream = { xor: 0x2545f491, mul: 0x9e3779b9 };

/** The generator of `stream` at (seed, step). */
export const stepRng = (stream: StepStream, seed: number, step: number): Rng =>
  createRng((Math.imul(seed ^ stream.xor, stream.mul) + step) >>> 0);
