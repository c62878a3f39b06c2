/**
 * The shape of a room's Yjs document, shared by the browser and the server. Slider values live in a
 * YKeyValue (an append-and-prune array) so the document does not grow with every drag.
 */
import { YKeyValue } from "y-utility/y-keyvalue";
import * as Y from "yjs";
import { componentOf, SESSION, sessionProblems } from "./sessionSettings";

export const SLIDERS = "sliders";
/** Sliders are in standard deviations; the UI shows ±3σ, the document accepts up to ±5σ. */
export const SLIDER_LIMIT = 5;
/**
 * Live entries one slider may hold in a merged document: one at rest, two while two people's concurrent
 * changes meet (each client's YKeyValue prunes its own older entry, and the server prunes the rest).
 */
export const MAX_ENTRIES_PER_SLIDER = 2;

export const sliderKey = (component: number) => `s${component}`;

/** A slider value as pages and the face array write it: to a thousandth of a standard deviation. */
export const roundSlider = (v: number) => Math.round(v * 1000) / 1000;

/** The component a slider key names (`s0`…), or undefined when the key is no slider of a model of `latent`. */
export const componentOfKey = (key: string, latent: number): number | undefined => componentOf(key, "s", latent);

export interface SliderEntry {
  key: string;
  val: number;
}

export function sliderStore(doc: Y.Doc): YKeyValue<number> {
  return new YKeyValue<number>(doc.getArray<SliderEntry>(SLIDERS));
}

/** Slider values of all components; components never set read as 0 (the mean face). */
export function readSliders(doc: Y.Doc, latent: number): Float64Array {
  const values = new Float64Array(latent);
  for (const entry of doc.getArray<SliderEntry>(SLIDERS).toArray()) {
    const k = Number(entry.key.slice(1));
    if (Number.isInteger(k) && k >= 0 && k < latent && Number.isFinite(entry.val)) values[k] = entry.val;
  }
  // later entries win, as in YKeyValue
  return values;
}

/** Everything wrong with a document's content, or [] when it is valid for a model of `latent` components. */
export function documentProblems(doc: Y.Doc, latent: number): string[] {
  const problems: string[] = [];
  for (const name of doc.share.keys())
    if (name !== SLIDERS && name !== SESSION) problems.push(`unknown shared type '${name}'`);
  problems.push(...sessionProblems(doc, latent));
  // what toArray() does not show: map entries on the array's root, and list items that are not plain
  // values (e.g. text formatting), each of which could carry data of any size
  const root = doc.share.get(SLIDERS);
  if (root) {
    for (const item of root._map.values())
      if (!item.deleted) {
        problems.push("the sliders array carries map entries");
        break;
      }
    for (let item = root._start; item; item = item.right)
      if (!item.deleted && !(item.content instanceof Y.ContentAny)) {
        problems.push("the sliders array holds something other than plain entries");
        break;
      }
  }
  const counts = new Map<string, number>();
  for (const entry of doc.getArray<unknown>(SLIDERS).toArray()) {
    const problem = entryProblem(entry, latent);
    if (problem) problems.push(problem);
    if (problem?.startsWith("a slider entry")) continue;
    const key = (entry as SliderEntry).key;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count === MAX_ENTRIES_PER_SLIDER + 1) problems.push(tooManyEntries(key));
  }
  return problems;
}

export const tooManyEntries = (key: string) =>
  `slider '${key.slice(0, 20)}' holds more than ${MAX_ENTRIES_PER_SLIDER} entries`;

/**
 * What is wrong with one value of the sliders array for a model of `latent` components, or null when it is
 * a valid { key, val } entry. A problem that starts "a slider entry" means the value is not an entry at all.
 */
export function entryProblem(entry: unknown, latent: number): string | null {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "a slider entry is not an object";
  const keys = Object.keys(entry);
  const { key, val } = entry as Record<string, unknown>;
  // own properties of a plain object only: a "__proto__" key read by a decoder sets the prototype instead
  if (
    Object.getPrototypeOf(entry) !== Object.prototype ||
    keys.length !== 2 ||
    !Object.hasOwn(entry, "key") ||
    !Object.hasOwn(entry, "val") ||
    typeof key !== "string"
  )
    return `a slider entry must be exactly { key, val }, got keys ${keys.join(", ")}`;
  if (componentOfKey(key, latent) === undefined) return `unknown slider '${key.slice(0, 20)}'`;
  if (typeof val !== "number" || !Number.isFinite(val)) return `slider '${key.slice(0, 20)}' is not a finite number`;
  if (Math.abs(val) > SLIDER_LIMIT) return `slider '${key}' = ${val} is outside ±${SLIDER_LIMIT}`;
  return null;
}
