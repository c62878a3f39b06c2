/** A lossless PNG of a face at an integer scale (nearest-neighbour, crisp), for export. */
import sharp from "sharp";
import type { RenderScheduler } from "./RenderScheduler";

export async function renderPng(
  scheduler: RenderScheduler,
  size: { width: number; height: number },
  sliders: Float64Array,
  scale: number,
): Promise<Buffer> {
  const { width, height } = size;
  const image = await scheduler.face(sliders);
  const bytes = Uint8Array.from(image.subarray(0, width * height * 3), (v) =>
    Math.round(Math.min(1, Math.max(0, v)) * 255),
  );
  return sharp(bytes, { raw: { width, height, channels: 3 } })
    .resize(width * scale, height * scale, { kernel: "nearest" })
    .png()
    .toBuffer();
}
