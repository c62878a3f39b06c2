/** npm run dataset:import -- --in <folder or .zip of portraits> --out data/<name> [--min 16] [--max N] */

import { FACE_HEIGHT, FACE_WIDTH } from "../lib/imageSize";
import { importPortraits } from "../training/dataset/importPortraits";
import { writePortraitSet } from "../training/dataset/writePortraitSet";
import { parseCli, UsageError } from "./cli";
import { numberOption, wholeFrom } from "./cliOptions";
import { progressBar } from "./progressBar";

const { values } = parseCli({
  command: "npm run dataset:import --",
  summary: "Imports portraits (JPEG, PNG, WebP; a folder or a .zip) into a training set of the model's size.",
  options: {
    in: { type: "string", value: "<dir|zip>", help: "the portraits (required)" },
    out: { type: "string", value: "<dir>", help: "where the training set goes, e.g. data/<name> (required)" },
    min: { type: "string", default: "16", value: "<n>", help: "refuse a set of fewer usable portraits" },
    max: { type: "string", value: "<n>", help: "take the first n portraits only" },
  },
});
if (!values.in || !values.out) throw new UsageError("--in and --out are required");
const minImages = numberOption("min", wholeFrom(1), values.min);
// the first N portraits are taken
const maxImages = values.max === undefined ? undefined : numberOption("max", wholeFrom(1), values.max);
const readBar = progressBar("read ");
let started = false;
const set = await importPortraits(values.in, {
  minImages,
  maxImages,
  onProgress: (done, total) => {
    if (!started) {
      readBar.start(total, done);
      started = true;
    } else readBar.update(done);
  },
});
readBar.stop();
for (const s of set.skipped) console.warn(`skipped ${s.name}: ${s.reason}`);
const writeBar = progressBar("write");
writeBar.start(set.count, 0);
await writePortraitSet(set, values.out, { width: FACE_WIDTH, height: FACE_HEIGHT }, (done) => writeBar.update(done));
writeBar.stop();
console.log(`${set.count} portraits (${set.skipped.length} skipped) → ${values.out}, dataset ${set.hash.slice(0, 12)}`);
