/**
 * The components the face array holds unless the artist frees them: those that track the background and
 * the head's position in the frame (from the model's component labels). No witness remembers the colour
 * of a wall or where a head sat in a picture; varying them spends the witness's choices on nothing.
 */
import type { ModelManifest } from "../model/artifact/manifest";

export const HELD_FACTORS: ReadonlySet<string> = new Set([
  "backgroundLuma",
  "backgroundBlue",
  "offsetX",
  "offsetY",
  "zoom",
]);

export const heldComponents = (manifest: Pick<ModelManifest, "components">): Set<number> =>
  new Set(manifest.components.filter((c) => c.factor && HELD_FACTORS.has(c.factor)).map((c) => c.component));
