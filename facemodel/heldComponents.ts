/**
 * The components the face array and the holistic scales hold (the array, unless the artist frees them):
 * those that track the background and the head's position in the frame (from the model's component
 * labels). No witness remembers the colour of a wall or where a head sat in a picture; varying them
 * spends the witness's choices on nothing.
 */

export const HELD_FACTORS: ReadonlySet<string> = new Set([
  "backgroundLuma",
  "backgroundBlue",
  "offsetX",
  "offsetY",
  "zoom",
]);

/** `labels`: a model's component labels (its manifest's `components`). */
export const heldComponents = (
  labels: readonly { component: number; label?: string; factor?: string }[],
): Set<number> => new Set(labels.filter((c) => c.factor && HELD_FACTORS.has(c.factor)).map((c) => c.component));
