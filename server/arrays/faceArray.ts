/**
 * A round of the face array: ARRAY_SIZE candidates around a face, each moving the chosen components by a
 * normal draw of `spread` σ (the other sliders stay), clamped to the sliders' ±3σ. Recognition beats
 * recall: the witness chooses the closest face, the next round varies around it with a smaller spread.
 */
import { ARRAY_SIZE } from "../../lib/arrayProtocol";
import { normal, type Rng } from "../../lib/random";

export const FIRST_SPREAD = 1;
/** the spread after each pick, as a share of the one before */
export const SHRINK = 0.7;
export const MIN_SPREAD = 0.2;
export const MAX_SPREAD = 1.5;
/** components a round varies at most (the first of the allowed ones: the largest variance) */
export const MAX_ARRAY_COMPONENTS = 8;
const LIMIT = 3;

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Candidates around `center`, pairwise distinct (a repeat is drawn again). */
export function arrayCandidates(
  center: ArrayLike<number>,
  components: readonly number[],
  spread: number,
  rng: Rng,
): Float64Array[] {
  if (components.length === 0) throw new Error("no component to vary: every allowed slider is locked");
  const faces: Float64Array[] = [];
  const seen = new Set<string>();
  while (faces.length < ARRAY_SIZE) {
    const face = Float64Array.from(center);
    for (const k of components)
      face[k] = round3(Math.max(-LIMIT, Math.min(LIMIT, (center[k] ?? 0) + spread * normal(rng))));
    const key = components.map((k) => face[k]).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    faces.push(face);
  }
  return faces;
}

/** The components a round varies: the allowed ones not locked, largest variance first, at most MAX. */
export function arrayComponents(allowed: readonly number[], locked: ReadonlySet<number>): number[] {
  return [...allowed]
    .filter((k) => !locked.has(k))
    .sort((a, b) => a - b)
    .slice(0, MAX_ARRAY_COMPONENTS);
}
