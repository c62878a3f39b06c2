/** Batch assembly from a flat store of images (N × H × W × 3 bytes). */
import { createRng, shuffle } from "../../../lib/random";

export function gatherImages(store: Uint8Array, indices: readonly number[], imageBytes: number): Uint8Array {
  const out = new Uint8Array(indices.length * imageBytes);
  indices.forEach((index, i) => {
    out.set(store.subarray(index * imageBytes, (index + 1) * imageBytes), i * imageBytes);
  });
  return out;
}

/** The order of one epoch: a shuffle seeded by (seed, epoch), so a resumed run sees the same batches. */
export function epochOrder(count: number, seed: number, epoch: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return shuffle(createRng((seed * 1_000_003 + epoch * 7919) >>> 0), order);
}

/** Split a batch into near-equal contiguous parts, one per worker (empty parts dropped). */
export function splitBatch(indices: readonly number[], parts: number): number[][] {
  const out: number[][] = [];
  const base = Math.floor(indices.length / parts);
  let extra = indices.length % parts;
  let at = 0;
  for (let p = 0; p < parts; p++) {
    const size = base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    if (size > 0) out.push(indices.slice(at, at + size));
    at += size;
  }
  return out;
}
