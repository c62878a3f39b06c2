/** A lossless PNG of a face at an integer scale (nearest-neighbour, crisp), for export. */
import sharp from "sharp";
import type { Renderer } from "./ModelRegistry";

export async function renderPng(renderer: Renderer, sliders: Float64Array, scale: number): Promise<Buffer> {
  const { width, height } = renderer.model.manifest.image;
  return sharp(await renderer.scheduler.face(sliders), { raw: { width, height, channels: 3 } })
    .resize(width * scale, height * scale, { kernel: "nearest" })
    .png()
    .toBuffer();
}
