/**
 * A holistic scale as a page uses it: a slider that moves many components at once along a factor of the
 * training faces (facemodel/holisticScales.ts finds them). Its position is the sliders' projection on
 * its direction over the components it may move; moving it shifts exactly those components.
 */

export interface HolisticScale {
  factor: string;
  label: string;
  /** slider change per standard deviation of the factor, one per component */
  direction: number[];
  /** correlation of the training faces' positions along the scale with the factor */
  r: number;
}

/** Where sliders sit along a scale, in standard deviations of its factor, counting only `free` components. */
export function scalePosition(
  sliders: ArrayLike<number>,
  direction: readonly number[],
  free: readonly number[],
): number {
  let dot = 0;
  let norm = 0;
  for (const k of free) {
    dot += (sliders[k] as number) * (direction[k] as number);
    norm += (direction[k] as number) ** 2;
  }
  return norm > 0 ? dot / norm : 0;
}

/** The sliders moved to `position` along a scale, on `free` components only (clamped to ±limit). */
export function moveAlongScale(
  sliders: ArrayLike<number>,
  direction: readonly number[],
  free: readonly number[],
  position: number,
  limit = 3,
): Map<number, number> {
  const delta = position - scalePosition(sliders, direction, free);
  const moved = new Map<number, number>();
  for (const k of free) {
    const d = direction[k] as number;
    if (d === 0) continue;
    moved.set(k, Math.max(-limit, Math.min(limit, (sliders[k] as number) + delta * d)));
  }
  return moved;
}
