/** A trained tiny model artifact, made once per test file through the same path the train command uses. */
import { join } from "node:path";
import { finishModel } from "../../training/train/finishModel";
import { trainGlo } from "../../training/train/gloTrainer";
import { tempDir, tinyDataset, tinySettings } from "./tinyDataset";

let cached: Promise<string> | undefined;

export function tinyModelDir(): Promise<string> {
  cached ??= (async () => {
    const { set } = await tinyDataset();
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
    return dir;
  })();
  return cached;
}
