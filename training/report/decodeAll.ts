/** Decodes the model report's faces in batches of 32, so a long list never asks the runtime for one huge batch. */
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { splitImages } from "./imageGrid";

/** One decoded image (floats 0..1) for each code, in order. */
export async function decodeAll(
  runtime: DecoderRuntime,
  codes: Float32Array[],
  latent: number,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < codes.length; i += 32) {
    const part = codes.slice(i, i + 32);
    const flat = new Float32Array(part.length * latent);
    part.forEach((c, j) => {
      flat.set(c, j * latent);
    });
    out.push(...splitImages(await runtime.decode(flat, part.length), part.length));
  }
  return out;
}
