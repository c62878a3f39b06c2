/** How well a decoder reconstructs training portraits from their codes: PSNR in dB, 1.0 the peak. */
import type { DecoderConfig } from "../../facemodel/decoder/architecture";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";

/** Mean PSNR of `count` images (0..1 floats) against the same images as bytes. */
export function psnr(a: Float32Array, b: Uint8Array, imageSize: number, count: number): number {
  let total = 0;
  for (let n = 0; n < count; n++) {
    let se = 0;
    for (let i = n * imageSize; i < (n + 1) * imageSize; i++) se += ((a[i] as number) - (b[i] as number) / 255) ** 2;
    total += 10 * Math.log10(1 / Math.max(se / imageSize, 1e-10));
  }
  return total / count;
}

/** Mean reconstruction PSNR (dB) of the given images from their codes. */
export async function reconstructionPsnr(
  decoder: DecoderRuntime,
  config: DecoderConfig,
  codes: Float32Array,
  images: Uint8Array,
  indices: number[],
  batch = 16,
): Promise<number> {
  const { latent, height, width } = config;
  const imageSize = height * width * 3;
  let sum = 0;
  for (let i = 0; i < indices.length; i += batch) {
    const part = indices.slice(i, i + batch);
    const z = new Float32Array(part.length * latent);
    const target = new Uint8Array(part.length * imageSize);
    part.forEach((idx, j) => {
      z.set(codes.subarray(idx * latent, (idx + 1) * latent), j * latent);
      target.set(images.subarray(idx * imageSize, (idx + 1) * imageSize), j * imageSize);
    });
    sum += psnr(await decoder.decode(z, part.length), target, imageSize, part.length) * part.length;
  }
  return sum / indices.length;
}

/** A few training portraits beside their reconstructions, for a person to look at during a run. */
export interface Samples {
  indices: number[];
  /** each index's decoded face (0..1 floats), one after another */
  decoded: Float32Array;
}

/** Decodes the codes of the given images (one batch: a few faces). */
export async function reconstructions(
  decoder: DecoderRuntime,
  config: DecoderConfig,
  codes: Float32Array,
  indices: number[],
): Promise<Samples> {
  const { latent } = config;
  const z = new Float32Array(indices.length * latent);
  indices.forEach((idx, j) => {
    z.set(codes.subarray(idx * latent, (idx + 1) * latent), j * latent);
  });
  return { indices, decoded: await decoder.decode(z, indices.length) };
}
