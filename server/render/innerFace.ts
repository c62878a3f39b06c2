/**
 * Blur of the external features (hair, ears, background, clothes) with the inner face (eyes, brows,
 * nose, mouth) kept sharp, on the server, for a witness session.
 *
 * The inner face is found on each rendered face, from the image alone: the portraits are head-and-
 * shoulders on a plain background, as the dataset import crops them. The background colour is read in
 * the top corners; pixels far from it are the person. Row by row the person's width gives the head (from
 * its top down to the neck, the narrowest row above the shoulders) and its left and right edges. The inner
 * face is an ellipse inside the head box at fixed proportions of a face (from the brows, 36 % of the way
 * down, to the chin, just below the neck row: 108 %; 80 % of the head's width). Where no head is found the ellipse falls back to the
 * image's central one. docs/witness.md shows it on random faces of the default model.
 */
import sharp from "sharp";

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/** How far (RGB distance, 0..255√3) a pixel must be from the background colour to count as the person. */
const FOREGROUND = 0.16 * 255;
const BROWS = 0.36;
const CHIN = 1.08;
const FACE_WIDTH = 0.8;

const pixel = (image: Uint8Array, width: number, x: number, y: number, c: number) =>
  image[(y * width + x) * 3 + c] as number;

function backgroundColour(image: Uint8Array, width: number, height: number): [number, number, number] {
  const samples: number[][] = [[], [], []];
  const n = Math.max(2, Math.round(width / 18));
  for (let y = 0; y < n && y < height; y++)
    for (const x0 of [0, width - n])
      for (let x = x0; x < x0 + n; x++) for (let c = 0; c < 3; c++) samples[c]?.push(pixel(image, width, x, y, c));
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  return [median(samples[0] ?? []), median(samples[1] ?? []), median(samples[2] ?? [])];
}

/** The inner face of a decoded face (height × width × 3 bytes, RGB). */
/** Whether pixel (x, y) lies inside the ellipse. */
export const insideEllipse = (e: Ellipse, x: number, y: number) =>
  ((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2 <= 1;

export function findInnerFace(image: Uint8Array, width: number, height: number): Ellipse {
  const fallback: Ellipse = { cx: width / 2, cy: height * 0.52, rx: width * 0.26, ry: height * 0.24 };
  const bg = backgroundColour(image, width, height);
  const left = new Int32Array(height).fill(-1);
  const right = new Int32Array(height).fill(-1);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const r = pixel(image, width, x, y, 0) - bg[0];
      const g = pixel(image, width, x, y, 1) - bg[1];
      const b = pixel(image, width, x, y, 2) - bg[2];
      if (r * r + g * g + b * b < FOREGROUND * FOREGROUND) continue;
      if (left[y] === -1) left[y] = x;
      right[y] = x;
    }
  const rowWidth = (y: number) => ((left[y] as number) < 0 ? 0 : (right[y] as number) - (left[y] as number) + 1);
  // the head's top: the first of three rows in a row that are a tenth of the image wide
  let top = -1;
  for (let y = 0; y + 2 < height && top < 0; y++) if ([0, 1, 2].every((d) => rowWidth(y + d) > width * 0.1)) top = y;
  if (top < 0 || top > height * 0.6) return fallback;
  // the neck: the narrowest row between halfway down and the shoulders (long hair flares out above it)
  const from = Math.round(top + (height - top) * 0.5);
  const to = Math.round(top + (height - top) * 0.85);
  let neck = -1;
  let narrowest = Number.POSITIVE_INFINITY;
  for (let y = from; y < to; y++)
    if (rowWidth(y) > 0 && rowWidth(y) < narrowest) {
      narrowest = rowWidth(y);
      neck = y;
    }
  if (neck < 0) return fallback;
  // the head's edges: the median of its rows' edges (hair that flares out on one row does not count)
  const rows = Array.from({ length: neck - top }, (_, i) => top + i).filter((y) => rowWidth(y) > 0);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  const l = median(rows.map((y) => left[y] as number));
  const r = median(rows.map((y) => right[y] as number));
  if (r - l < width * 0.15) return fallback;
  const headHeight = neck - top;
  const y0 = top + headHeight * BROWS;
  const y1 = top + headHeight * CHIN;
  return { cx: (l + r) / 2, cy: (y0 + y1) / 2, rx: ((r - l) * FACE_WIDTH) / 2, ry: (y1 - y0) / 2 };
}

/** The share of the sharp face each pixel keeps: 1 inside the ellipse, 0 beyond `feather` px outside it. */
function sharpness(region: Ellipse, width: number, height: number, feather: number): Float32Array {
  const keep = new Float32Array(width * height);
  const scale = Math.min(region.rx, region.ry);
  for (let y = 0; y < height; y++) {
    const dy = (y - region.cy) / region.ry;
    for (let x = 0; x < width; x++) {
      const dx = (x - region.cx) / region.rx;
      // distance outside the ellipse, in pixels along its smaller radius
      const d = (Math.sqrt(dx * dx + dy * dy) - 1) * scale;
      keep[y * width + x] = d <= 0 ? 1 : d >= feather ? 0 : 1 - d / feather;
    }
  }
  return keep;
}

/**
 * The face (8-bit RGB) with everything outside its inner face blurred (libvips's Gaussian, through sharp),
 * with a soft edge of `feather` px.
 */
export async function blurExternalFeatures(
  bytes: Uint8Array,
  width: number,
  height: number,
  region: Ellipse,
  feather = Math.max(2, width / 24),
): Promise<Uint8Array> {
  const blurred = await sharp(bytes, { raw: { width, height, channels: 3 } })
    .blur(Math.max(2, width / 36))
    .raw()
    .toBuffer();
  const keep = sharpness(region, width, height, feather);
  const out = new Uint8Array(bytes.length);
  for (let p = 0; p < keep.length; p++) {
    const k = keep[p] as number;
    for (let c = 0; c < 3; c++) {
      const i = p * 3 + c;
      out[i] = Math.round(k * (bytes[i] as number) + (1 - k) * (blurred[i] as number));
    }
  }
  return out;
}
