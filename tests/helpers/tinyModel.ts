/** A trained tiny model artifact, made once per test run through the same path the train command uses. */
import { join } from "node:path";
import { loadModel, saveModel } from "../../facemodel/artifact/modelArtifact";
import { addHolisticScales } from "../../training/addScales";
import { finishModel } from "../../training/train/finishModel";
import { trainGlo } from "../../training/train/gloTrainer";
import { sharedFixture } from "./sharedFixtures";
import { type TinyDataset, tempDir, tinyDataset, tinySettings } from "./tinyDataset";

let cached: Promise<string> | undefined;

/** The shared tiny model's folder: trained once per test run (tests/helpers/sharedFixtures.ts), or here. */
export function tinyModelDir(): Promise<string> {
  const shared = sharedFixture("tinyModelDir");
  if (shared) return Promise.resolve(shared);
  cached ??= tinyDataset().then(trainTinyModel);
  return cached;
}

/** Trains the tiny model through the same path the train command uses; returns its folder. */
export async function trainTinyModel({ dir: datasetDir, set }: TinyDataset): Promise<string> {
  const settings = tinySettings({ epochs: 8 });
  const work = await tempDir("model");
  const result = await trainGlo({
    settings,
    images: set.pixels,
    count: set.count,
    datasetHash: set.hash,
    workDir: work,
  });
  const dir = join(work, "tiny-v1");
  await finishModel({
    dir,
    result,
    images: set.pixels,
    count: set.count,
    datasetHash: set.hash,
    workers: 1,
    backend: "tfjs-wasm",
  });
  // its holistic scales, without the component labels finishModel would also take from the factors
  await addHolisticScales(dir, datasetDir);
  return dir;
}

/** A second version of the tiny model (its decoder's weights scaled, so its faces differ), saved under `version`. */
export async function tinyModelVariant(version: string, scale = 0.8): Promise<string> {
  const model = await loadModel(await tinyModelDir());
  const { files: _files, parameters: _parameters, weightsDtype: _dtype, format: _format, ...draft } = model.manifest;
  const dir = join(await tempDir("variant"), version);
  await saveModel(
    dir,
    { ...draft, version },
    model.weights.map((w) => w * scale),
    model.codes,
    model.faceSpace,
  );
  return dir;
}
