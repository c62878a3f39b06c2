/**
 * Writes a model folder's HTML report (modelReport.ts) to a file: its training portraits read again from
 * the dataset folder when they are the ones it was trained on (reconstructions, factors), without them
 * when not. Used by `npm run model:report` and by the admin area's runs.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import { importPortraits } from "../dataset/importPortraits";
import { readFactors } from "../dataset/readFactors";
import { buildModelReport } from "./modelReport";
import type { FaceQualitySummary } from "./qualitySection";

export interface WrittenReport {
  bytes: number;
  backend: string;
  quality?: FaceQualitySummary;
  /** why the report has no reconstructions, when it has none */
  warning?: string;
}

async function trainingPortraits(dataDir: string | undefined, m: Awaited<ReturnType<typeof loadModel>>["manifest"]) {
  if (!dataDir || !existsSync(dataDir))
    return { warning: "training images not found: the report has no reconstructions" };
  const set = await importPortraits(dataDir, {
    width: m.image.width,
    height: m.image.height,
    minImages: 1,
    // a model trained on the first N portraits of a larger folder (--max-images)
    maxImages: m.dataset.size,
  });
  if (set.hash !== m.dataset.hash)
    return { warning: `${dataDir} is not the dataset this model was trained on (hash differs): no reconstructions` };
  return { images: set.pixels, factors: await readFactors(dataDir, set) };
}

/** The report of the model in `modelDir`, written to `out`; `dataDir` defaults to the manifest's dataset source. */
export async function writeModelReport(modelDir: string, out: string, dataDir?: string): Promise<WrittenReport> {
  const model = await loadModel(modelDir);
  const m = model.manifest;
  const { images, factors, warning } = await trainingPortraits(dataDir ?? m.dataset.source, m);
  const runtime = await createDecoderRuntime(m.architecture, model.weights);
  try {
    const { html, quality } = await buildModelReport({ model, runtime, images, factors });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, html);
    return { bytes: html.length, backend: runtime.backend, quality, warning };
  } finally {
    await runtime.dispose();
  }
}
