/**
 * The model report's holistic scales: each swept from −2 to +2 standard deviations of its factor,
 * from the face a new room starts on, with its correlation; or why the model has none.
 */

import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { heldComponents } from "../../facemodel/heldComponents";
import { startingFace } from "../../facemodel/randomFace";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { slidersToCode } from "../../lib/faceSpace";
import { moveAlongScale } from "../../lib/holisticScale";
import { esc, img } from "./html";
import { type GridOptions, imageGrid, splitImages } from "./imageGrid";

const STEPS = [-2, -1, 0, 1, 2];

export async function scaleSweeps(
  model: LoadedModel,
  runtime: DecoderRuntime,
  grid: Omit<GridOptions, "columns">,
): Promise<string> {
  const scales = model.manifest.scales ?? [];
  if (scales.length === 0)
    return "<h2>Holistic scales</h2><p>None: the model was trained on portraits without known factors (labels.json).</p>";
  const { latent } = model.manifest;
  const held = heldComponents(model.manifest.components);
  const free = Array.from({ length: latent }, (_, k) => k).filter((k) => !held.has(k));
  const start = startingFace(model);
  const codes = new Float32Array(scales.length * STEPS.length * latent);
  for (const [i, scale] of scales.entries())
    for (const [j, position] of STEPS.entries()) {
      const face = Float64Array.from(start);
      for (const [k, v] of moveAlongScale(start, scale.direction, free, position)) face[k] = v;
      codes.set(slidersToCode(model.faceSpace, face), (i * STEPS.length + j) * latent);
    }
  const faces = splitImages(await runtime.decode(codes, scales.length * STEPS.length), scales.length * STEPS.length);
  const rows: string[] = [];
  for (const [i, scale] of scales.entries())
    rows.push(
      `<div class="sweep"><div class="label">${esc(scale.label)}<br><small>r ${scale.r.toFixed(2)} with its factor</small></div>${img(
        await imageGrid(faces.slice(i * STEPS.length, (i + 1) * STEPS.length), { ...grid, columns: STEPS.length }),
        `${scale.label} from -2 to +2`,
      )}</div>`,
    );
  return `<h2>Holistic scales, each swept −2 … +2 standard deviations of its factor</h2>${rows.join("")}`;
}
