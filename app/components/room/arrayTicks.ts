/**
 * The faces a person ticks in a round of the face array, and whether a round still stands around the
 * room's face: pure, so that the panel only shows them.
 */
import { MAX_PICKS } from "../../../lib/arrayProtocol";

/** Whether a round's center is the face now (a round drawn around another face is out of date). */
export const sameFace = (center: readonly number[], values: ArrayLike<number>): boolean =>
  center.length === values.length && center.every((v, k) => Math.abs(v - (values[k] ?? 0)) < 1e-6);

/** The ticks after a tap on face `i`: untick it if ticked, else tick it next (at most MAX_PICKS). */
export const toggleTick = (ticked: readonly number[], i: number): number[] =>
  ticked.includes(i) ? ticked.filter((x) => x !== i) : [...ticked, i].slice(0, MAX_PICKS);
