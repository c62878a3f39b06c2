/** A lossless PNG of a face at an integer scale (nearest-neighbour, crisp), for export. */
import sharp from "sharp";
import type { Renderer } from "./ModelRegistry";

export async function renderPng(renderer: Renderer, sliders: Float64Array, scale: number): Promise<Buffer> {
  const { width, height } = renderer.model.manifest.image;
  const image = await renderer.scheduler.face(sliders);
  const bytes = Uint8Array.from(image.subarray(0, width * height * 3), (v) =>
    Math.round(Math.min(1, Math.max(0, v)) * 255),
  );
  return sharp(bytes, { raw: { width, height, channels: 3 } })
    .resize(width * scale, height * scale, { kernel: "nearest" })
    .png()
    .toBuffer();
}
