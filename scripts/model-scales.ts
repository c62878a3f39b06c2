/** npm run model:scales -- --model models/default --data data/yearbook */
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MANIFEST_FILE } from "../server/model/artifact/manifest";
import { loadModel } from "../server/model/artifact/modelArtifact";
import { heldComponents } from "../server/model/heldComponents";
import { holisticScales } from "../server/model/holisticScales";
import { importPortraits } from "../training/dataset/importPortraits";
import { readFactors } from "../training/dataset/readFactors";
import { parseCli, UsageError } from "./cli";

const { values } = parseCli({
  command: "npm run model:scales --",
  summary:
    "Adds holistic scales (masculine – feminine, face width, skin tone…) to a model trained before they existed, from the labelled set it was trained on.",
  options: {
    model: { type: "string", default: "models/default", value: "<dir>", help: "the model folder" },
    data: { type: "string", default: "data/yearbook", value: "<dir>", help: "its training set, with labels.json" },
  },
});
const dir = resolve(values.model);
const model = await loadModel(dir);
const set = await importPortraits(resolve(values.data));
if (set.hash !== model.manifest.dataset.hash)
  throw new UsageError(`${values.data} is not the set ${values.model} was trained on (its hash differs)`);
const factors = await readFactors(resolve(values.data), set);
if (!factors) throw new UsageError(`${values.data} has no factors (labels.json): a model of photos has no scales`);
const scales = holisticScales(model.faceSpace, model.codes, factors, heldComponents(model.manifest.components));
const file = join(dir, MANIFEST_FILE);
const manifest = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
await writeFile(file, `${JSON.stringify({ ...manifest, scales }, null, 2)}\n`);
for (const s of scales) console.log(`${s.label.padEnd(32)} r ${s.r.toFixed(2)}`);
