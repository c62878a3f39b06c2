/** Lays decoded or original faces out in a grid and encodes it, for reports and previews. */
import sharp from "sharp";

export interface GridOptions {
  width: number;
  height: number;
  columns: number;
  /** pixel gap between cells */
  gap?: number;
  /** integer upscale (nearest) for a crisp view */
  scale?: number;
}

const toBytes = (image: Float32Array | Uint8Array): Uint8Array =>
  image instanceof Uint8Array ? image : Uint8Array.from(image, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));

/** images: RGB, each width × height × 3 (floats 0..1 or bytes). Returns a JPEG. */
export async function imageGrid(images: (Float32Array | Uint8Array)[], o: GridOptions): Promise<Buffer> {
  const gap = o.gap ?? 2;
  const rows = Math.ceil(images.length / o.columns);
  const W = o.columns * o.width + (o.columns - 1) * gap;
  const H = rows * o.height + (rows - 1) * gap;
  const canvas = new Uint8Array(W * H * 3).fill(255);
  images.forEach((img, i) => {
    const bytes = toBytes(img);
    const ox = (i % o.columns) * (o.width + gap);
    const oy = Math.floor(i / o.columns) * (o.height + gap);
    for (let y = 0; y < o.height; y++)
      canvas.set(bytes.subarray(y * o.width * 3, (y + 1) * o.width * 3), ((oy + y) * W + ox) * 3);
  });
  const scale = o.scale ?? 1;
  return sharp(canvas, { raw: { width: W, height: H, channels: 3 } })
    .resize(W * scale, H * scale, { kernel: "nearest" })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Splits a batch of decoded images (n × size floats) into one array per image. */
export function splitImages(batch: Float32Array, n: number): Float32Array[] {
  const size = batch.length / n;
  return Array.from({ length: n }, (_, i) => batch.subarray(i * size, (i + 1) * size));
}
