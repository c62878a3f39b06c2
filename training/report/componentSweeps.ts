/**
 * The model report's component sweeps: each of the first components alone swept from −3σ to +3σ from the
 * mean face, with its share of the variance and the factor it was labelled with, if any.
 */
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { slidersToCode } from "../../lib/faceSpace";
import { decodeAll } from "./decodeAll";
import { esc, img } from "./html";
import { type GridOptions, imageGrid } from "./imageGrid";

const STEPS = [-3, -2, -1, 0, 1, 2, 3];

/** The first `wanted` components (at most every one), a row each. */
export async function componentSweeps(
  model: LoadedModel,
  runtime: DecoderRuntime,
  wanted: number,
  grid: Omit<GridOptions, "columns">,
): Promise<string> {
  const m = model.manifest;
  const { latent } = m.architecture;
  const space = model.faceSpace;
  const labels = new Map(m.components.map((c) => [c.component, c]));
  const sweepCount = Math.min(wanted, latent);
  const codes: Float32Array[] = [];
  for (let k = 0; k < sweepCount; k++)
    for (const s of STEPS) {
      const sliders = new Float64Array(latent);
      sliders[k] = s;
      codes.push(slidersToCode(space, sliders));
    }
  const sweeps = await decodeAll(runtime, codes, latent);
  const rows: string[] = [];
  for (let k = 0; k < sweepCount; k++) {
    const label = labels.get(k);
    rows.push(
      `<div class="sweep"><div class="label"><b>${k + 1}</b> ${label ? `${esc(label.label)} <small>|r| ${label.r?.toFixed(2)}</small>` : ""}<br><small>${((space.explainedVarianceRatio[k] as number) * 100).toFixed(1)}% of variance</small></div>${img(
        await imageGrid(sweeps.slice(k * STEPS.length, (k + 1) * STEPS.length), { ...grid, columns: STEPS.length }),
        `component ${k + 1} from -3σ to +3σ`,
      )}</div>`,
    );
  }
  return `<h2>The first ${sweepCount} components, each swept −3σ … +3σ</h2>${rows.join("")}`;
}
