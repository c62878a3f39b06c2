/**
 * A simulated witness for the face array benchmark. It compares faces as a person's memory of a face does,
 * coarsely and as a whole: grey levels at a quarter of the size, plus a blurred copy of them (the face's
 * layout of light and dark), never pixel detail or colour. It may err: it ranks the faces by that distance,
 * then with probability 1 − p swaps its first choice for the second or third best.
 */
import { type Rng, shuffle } from "../../lib/random";

export interface WitnessKind {
  name: string;
  /** how often the first choice is the best face (the rest: the second or third best) */
  p: number;
  /** faces ticked per round, the closest first (1: one pick; up to 3) */
  picks: number;
  /** picks at random: the baseline no witness should fall below */
  random?: boolean;
}

const BLUR_RADIUS = 3;

/** The witness's view of an RGB face (bytes, width × height × 3): quarter-size grey levels and their blur. */
export function witnessFeatures(rgb: Uint8Array, width: number, height: number): Float64Array {
  const w = Math.floor(width / 4);
  const h = Math.floor(height / 4);
  const grey = new Float64Array(w * h);
  for (let y = 0; y < h * 4; y++)
    for (let x = 0; x < w * 4; x++) {
      const i = (y * width + x) * 3;
      const luma = 0.299 * (rgb[i] as number) + 0.587 * (rgb[i + 1] as number) + 0.114 * (rgb[i + 2] as number);
      grey[(y >> 2) * w + (x >> 2)] = (grey[(y >> 2) * w + (x >> 2)] as number) + luma / 255 / 16;
    }
  const features = new Float64Array(2 * w * h);
  features.set(grey);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - BLUR_RADIUS); yy <= Math.min(h - 1, y + BLUR_RADIUS); yy++)
        for (let xx = Math.max(0, x - BLUR_RADIUS); xx <= Math.min(w - 1, x + BLUR_RADIUS); xx++) {
          sum += grey[yy * w + xx] as number;
          n++;
        }
      features[w * h + y * w + x] = sum / n;
    }
  return features;
}

export function featureDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return sum;
}

/** The faces the witness ticks (indices into `distances`, the one it finds closest first). */
export function witnessChoice(kind: WitnessKind, distances: readonly number[], rng: Rng): number[] {
  const order = distances.map((_, i) => i);
  if (kind.random) return shuffle(rng, order).slice(0, kind.picks);
  order.sort((a, b) => (distances[a] as number) - (distances[b] as number));
  if (rng() >= kind.p) {
    const j = 1 + Math.floor(rng() * 2);
    [order[0], order[j]] = [order[j] as number, order[0] as number];
  }
  return order.slice(0, kind.picks);
}
