/** Batch assembly from flat stores of rows: images (N × H × W × 3 bytes) and codes (N × latent floats). */
import { createRng, shuffle } from "../../lib/random";

/** The given rows of a flat store, in the given order, as one new array of the store's type. */
export function gatherRows<T extends Uint8Array | Float32Array>(
  store: T,
  indices: readonly number[],
  rowSize: number,
): T {
  const out = new (store.constructor as new (length: number) => T)(indices.length * rowSize);
  indices.forEach((index, i) => {
    out.set(store.subarray(index * rowSize, (index + 1) * rowSize) as ArrayLike<number>, i * rowSize);
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
