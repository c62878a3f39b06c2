/** Adam on plain Float32Arrays: dense for decoder weights, row-sparse ("lazy") for the learned codes. */
export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const adamDefaults = (lr: number): AdamSettings => ({ lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

export interface AdamSlot {
  m: Float32Array;
  v: Float32Array;
}

/** params -= lr · m̂ / (√v̂ + ε) over [offset, offset + length), with bias correction for step t (1-based). */
export function adamUpdate(
  s: AdamSettings,
  t: number,
  params: Float32Array,
  grad: ArrayLike<number>,
  slot: AdamSlot,
  offset = 0,
  length = params.length,
  gradOffset = 0,
): void {
  const c1 = 1 - s.beta1 ** t;
  const c2 = 1 - s.beta2 ** t;
  const step = (s.lr * Math.sqrt(c2)) / c1;
  const eps = s.epsilon * Math.sqrt(c2);
  const { m, v } = slot;
  for (let i = 0; i < length; i++) {
    const p = offset + i;
    const g = grad[gradOffset + i] as number;
    const mi = s.beta1 * (m[p] as number) + (1 - s.beta1) * g;
    const vi = s.beta2 * (v[p] as number) + (1 - s.beta2) * g * g;
    m[p] = mi;
    v[p] = vi;
    params[p] = (params[p] as number) - (step * mi) / (Math.sqrt(vi) + eps);
  }
}
