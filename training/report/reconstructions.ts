/**
 * The model report's reconstructions: a spread of training portraits above the decoder's rendering of
 * each one's learned code, or why there are none.
 */
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { decodeAll } from "./decodeAll";
import { img } from "./html";
import { type GridOptions, imageGrid } from "./imageGrid";

export interface Reconstructions {
  html: string;
  /** the decoded faces, in the order of the portraits shown; none without the training images */
  faces: Float32Array[];
}

/** `wanted` portraits spread evenly over the training set (fewer when the set is smaller). */
export async function reconstructions(
  model: LoadedModel,
  runtime: DecoderRuntime,
  images: Uint8Array | undefined,
  wanted: number,
  grid: Omit<GridOptions, "columns">,
): Promise<Reconstructions> {
  if (!images)
    return {
      html: "<h2>Reconstructions</h2><p>The training images were not found; pass --data to show reconstructions.</p>",
      faces: [],
    };
  const { latent, width, height } = model.manifest.architecture;
  const count = model.manifest.dataset.size;
  const n = Math.min(wanted, count);
  const picks = Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
  const faces = await decodeAll(
    runtime,
    picks.map((p) => model.codes.subarray(p * latent, (p + 1) * latent)),
    latent,
  );
  const size = width * height * 3;
  const originals = picks.map((p) => images.subarray(p * size, (p + 1) * size));
  const cells: (Float32Array | Uint8Array)[] = [...originals, ...faces];
  const html = `<h2>Reconstructions</h2><p>Top row: training portraits; bottom row: the decoder's rendering of each one's learned code.</p>${img(
    await imageGrid(cells, { ...grid, columns: n }),
    "originals above reconstructions",
  )}`;
  return { html, faces };
}
