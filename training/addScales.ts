/**
 * Adds holistic scales (facemodel/holisticScales.ts) to a model trained before they existed, from
 * the labelled set it was trained on; refuses another set (its hash differs) or one without factors.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_FILE } from "../facemodel/artifact/manifest";
import { loadModel } from "../facemodel/artifact/modelArtifact";
import { heldComponents } from "../facemodel/heldComponents";
import { holisticScales } from "../facemodel/holisticScales";
import type { HolisticScale } from "../lib/holisticScale";
import { importPortraits } from "./dataset/importPortraits";
import { readFactors } from "./dataset/readFactors";

export async function addHolisticScales(modelDir: string, dataDir: string): Promise<HolisticScale[]> {
  const model = await loadModel(modelDir);
  const { width, height } = model.manifest.image;
  const set = await importPortraits(dataDir, { width, height });
  if (set.hash !== model.manifest.dataset.hash)
    throw new Error(`${dataDir} is not the set the model was trained on (its hash differs)`);
  const factors = await readFactors(dataDir, set);
  if (!factors) throw new Error(`${dataDir} has no factors (labels.json): a model of photos has no scales`);
  const scales = holisticScales(model.faceSpace, model.codes, factors, heldComponents(model.manifest.components));
  const file = join(modelDir, MANIFEST_FILE);
  const manifest = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  await writeFile(file, `${JSON.stringify({ ...manifest, scales }, null, 2)}\n`);
  return scales;
}
