/**
 * The face array's search over the whole face space. Each round shows a 3 × 3 grid around the current
 * face: the two components whose remaining uncertainty matters most (the share of the variance they
 * explain × their step²) each at −step, 0 and +step. The centre cell is the current face itself, so no
 * round forces a worse face. The witness ticks up to three faces, the first most like the person; the
 * next face is their weighted mean on the two components (3 : 2 : 1).
 *
 * Coarse to fine: every component starts with a step of 1 σ, so the largest components come first; a
 * component's step shrinks when it has been chosen (more where the witness kept its value, less where
 * they moved it: the true value may lie further out), which lets the next components in. "None of
 * these" and "More different faces" widen the round's two steps again; so does a stall (the current face
 * kept STALL_ROUNDS rounds running). docs/witness.md has the simulated witness's figures this was tuned on.
 *
 * How deep: the search moves the components that explain SEARCH_VARIANCE_SHARE of the codes' variance
 * (21 of 80 on the default model), more than a random face draws (35 %, 14): a remembered face differs
 * from the start there too, and the coarse-to-fine order reaches them only once the larger ones have
 * settled. The rest hold each training portrait's own details, and moved they patch and smear the face.
 * docs/witness.md has the figures for both depths, and counts the flawed faces the array shows.
 */
import { MAX_PICKS } from "../../lib/arrayProtocol";
import { randomDepth } from "../../lib/faceSpace";
import { type Rng, shuffle } from "../../lib/random";
import { roundSlider } from "../../lib/roomDocument";

/** the share of the codes' variance whose components the array searches (a random face draws 35 %) */
export const SEARCH_VARIANCE_SHARE = 0.45;
/** How many of the leading components the array searches, given each one's share of the variance. */
export const searchDepth = (ratios: ArrayLike<number>): number => randomDepth(ratios, SEARCH_VARIANCE_SHARE);

export const FIRST_STEP = 1;
/** a step's share after a pick that kept the component's value (the witness chose the middle) */
export const SHRINK_KEPT = 0.7;
/** a step's share after a pick that moved it */
export const SHRINK_MOVED = 0.9;
/** "None of these", "More different faces" and a stall widen the round's steps by this */
export const WIDEN = 1.5;
export const MIN_STEP = 0.05;
export const MAX_STEP = 2;
/** rounds in a row in which the witness kept the current face: a stall, and the steps widen */
export const STALL_ROUNDS = 3;
/** the weight of the first, second and third face ticked (MAX_PICKS of them) */
export const PICK_WEIGHTS: readonly number[] = [3, 2, 1].slice(0, MAX_PICKS);
const LIMIT = 3;
const LEVELS = [-1, 0, 1] as const;

const clamp = (v: number) => Math.max(-LIMIT, Math.min(LIMIT, roundSlider(v)));

/** What the search knows of a room: each component's step, and the stall count. */
export interface Search {
  steps: Float64Array;
  stalls: number;
}

/** A round: its faces, the two components they vary, each face's level (−1, 0, +1) on them. */
export interface SearchRound {
  center: Float64Array;
  components: [number, number];
  steps: [number, number];
  faces: Float64Array[];
  levels: [number, number][];
  /** the index of the current face among the nine */
  current: number;
}

export const newSearch = (latent: number): Search => ({ steps: new Float64Array(latent).fill(FIRST_STEP), stalls: 0 });

/**
 * The two free components to vary next: the largest `variance × step²` (ties: the larger component).
 * `free`: the components the array may move (not locked, not held).
 */
export function nextComponents(search: Search, free: readonly number[], variance: ArrayLike<number>): number[] {
  const weight = (k: number) => ((variance[k] as number) || 0) * (search.steps[k] as number) ** 2;
  return [...free].sort((a, b) => weight(b) - weight(a) || a - b).slice(0, 2);
}

/** A round around `center`, its nine faces in a random order. Needs two free components. */
export function searchRound(
  search: Search,
  center: ArrayLike<number>,
  free: readonly number[],
  variance: ArrayLike<number>,
  rng: Rng,
): SearchRound {
  const [a, b] = nextComponents(search, free, variance);
  if (a === undefined || b === undefined) throw new Error("the array needs two sliders it may move");
  const steps: [number, number] = [search.steps[a] as number, search.steps[b] as number];
  const cells: [number, number][] = [];
  for (const la of LEVELS) for (const lb of LEVELS) cells.push([la, lb]);
  const levels = shuffle(rng, cells);
  const faces = levels.map(([la, lb]) => {
    const face = Float64Array.from(center);
    // the current face exactly as it is (never rounded): no round forces another face
    if (la === 0 && lb === 0) return face;
    face[a] = clamp((center[a] as number) + la * steps[0]);
    face[b] = clamp((center[b] as number) + lb * steps[1]);
    return face;
  });
  const current = levels.findIndex(([la, lb]) => la === 0 && lb === 0);
  return { center: Float64Array.from(center), components: [a, b], steps, faces, levels, current };
}

/** Widens the round's two steps (after "None of these", or when asked for more different faces). */
export function widen(search: Search, components: readonly number[]): void {
  for (const k of components) search.steps[k] = Math.min(MAX_STEP, (search.steps[k] as number) * WIDEN);
}

/**
 * The face after the witness ticked `picks` (indices into the round, the first most like the person; at
 * most MAX_PICKS): their weighted mean on the round's two components. Updates the steps: each shrinks,
 * more where the first pick kept the component's value. No picks: "None of these", the steps widen and
 * the face stays.
 */
export function afterPicks(search: Search, round: SearchRound, picks: readonly number[]): Float64Array {
  if (picks.length === 0) {
    widen(search, round.components);
    return Float64Array.from(round.center);
  }
  const next = Float64Array.from(round.center);
  const weights = PICK_WEIGHTS.slice(0, picks.length);
  const total = weights.reduce((s, w) => s + w, 0);
  round.components.forEach((k, j) => {
    let value = 0;
    picks.forEach((p, i) => {
      value += ((weights[i] as number) / total) * (round.faces[p]?.[k] as number);
    });
    next[k] = clamp(value);
    const kept = round.levels[picks[0] as number]?.[j] === 0;
    search.steps[k] = Math.max(MIN_STEP, (search.steps[k] as number) * (kept ? SHRINK_KEPT : SHRINK_MOVED));
  });
  search.stalls = picks.length === 1 && picks[0] === round.current ? search.stalls + 1 : 0;
  if (search.stalls >= STALL_ROUNDS) {
    widen(search, round.components);
    search.stalls = 0;
  }
  return next;
}
