/**
 * Ranges of Yjs clocks (a client's deletions, its structs): merged, and searched by binary search. The
 * update reader and the index of live entries read deletions with them.
 */
export type Range = { clock: number; len: number };

/** The element of `list` (in order of start, not overlapping) whose span holds `clock`. */
export function spanAt<T>(
  list: readonly T[],
  clock: number,
  start: (t: T) => number,
  length: (t: T) => number,
): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = list[mid] as T;
    if (clock < start(t)) hi = mid - 1;
    else if (clock >= start(t) + length(t)) lo = mid + 1;
    else return t;
  }
  return undefined;
}

/** The ranges sorted and merged (overlapping or adjacent ones as one). */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const r of [...ranges].filter((r) => r.len > 0).sort((a, b) => a.clock - b.clock)) {
    const last = out.at(-1);
    if (last && r.clock <= last.clock + last.len) last.len = Math.max(last.len, r.clock + r.len - last.clock);
    else out.push({ clock: r.clock, len: r.len });
  }
  return out;
}

/** Whether `clock` falls in one of the merged ranges. */
export const within = (ranges: readonly Range[] | undefined, clock: number): boolean =>
  ranges !== undefined &&
  spanAt(
    ranges,
    clock,
    (r) => r.clock,
    (r) => r.len,
  ) !== undefined;
