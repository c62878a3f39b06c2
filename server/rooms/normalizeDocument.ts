/**
 * Keeps a room's document in its normal form on the server: one live entry per slider (the last one in
 * the array, as YKeyValue reads it), every value finite and within ±SLIDER_LIMIT. Changes are made in one transaction with the given origin, so they are logged
 * and relayed like any other change.
 */
import type * as Y from "yjs";
import { SLIDER_LIMIT, SLIDERS, type SliderEntry } from "../../lib/roomDocument";

type Fix = { index: number; replace?: SliderEntry };

function applyFixes(doc: Y.Doc, fixes: Fix[], origin: unknown): void {
  if (fixes.length === 0) return;
  const array = doc.getArray<SliderEntry>(SLIDERS);
  // fixes are listed from the end of the array: each index is still valid when its turn comes
  doc.transact(() => {
    for (const fix of fixes) {
      array.delete(fix.index, 1);
      if (fix.replace) array.insert(fix.index, [fix.replace]);
    }
  }, origin);
}

const isEntry = (v: unknown): v is SliderEntry =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 2 &&
  typeof (v as SliderEntry).key === "string" &&
  "val" in v;

/**
 * Brings a document to its normal form: entries superseded by a later one of the same slider deleted, and
 * (only ever found in stored data: clients' updates are checked) malformed and non-finite entries deleted
 * and values outside ±SLIDER_LIMIT clamped. Sliders of a model with more components stay (they are stored,
 * never read). Returns what was changed, in words; [] when the document was already normal.
 */
export function normalizeDocument(doc: Y.Doc, origin: unknown): string[] {
  const values = doc.getArray<unknown>(SLIDERS).toArray();
  const seen = new Set<string>();
  const fixes: Fix[] = [];
  let malformed = 0;
  let clamped = 0;
  let duplicates = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (!isEntry(v) || typeof v.val !== "number" || !Number.isFinite(v.val)) {
      malformed++;
      fixes.push({ index: i });
    } else if (seen.has(v.key)) {
      duplicates++;
      fixes.push({ index: i });
    } else {
      seen.add(v.key);
      if (Math.abs(v.val) > SLIDER_LIMIT) {
        clamped++;
        fixes.push({ index: i, replace: { key: v.key, val: Math.sign(v.val) * SLIDER_LIMIT } });
      }
    }
  }
  applyFixes(doc, fixes, origin);
  const repairs: string[] = [];
  if (malformed > 0) repairs.push(`${malformed} malformed or non-finite slider entries deleted`);
  if (clamped > 0) repairs.push(`${clamped} slider values clamped to ±${SLIDER_LIMIT}`);
  if (duplicates > 0) repairs.push(`${duplicates} superseded slider entries deleted`);
  return repairs;
}
