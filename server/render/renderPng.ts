/** A lossless PNG of a face at an integer scale (nearest-neighbour, crisp), for export. */
import sharp from "sharp";
import { slidersToCode } from "../../lib/faceSpace";
import type { LoadedModel } from "../model/artifact/modelArtifact";
import type { DecoderRuntime } from "../model/runtime/decoderRuntime";

export async function renderPng(
  runtime: DecoderRuntime,
  model: LoadedModel,
  sliders: Float64Array,
  scale: number,
): Promise<Buffer> {
  const { width, height } = model.manifest.image;
  const image = await runtime.decode(slidersToCode(model.faceSpace, sliders), 1);
  const bytes = Uint8Array.from(image.subarray(0, width * height * 3), (v) =>
    Math.round(Math.min(1, Math.max(0, v)) * 255),
  );
  return sharp(bytes, { raw: { width, height, channels: 3 } })
    .resize(width * scale, height * scale, { kernel: "nearest" })
    .png()
    .toBuffer();
}
