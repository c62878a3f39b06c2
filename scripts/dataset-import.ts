/** npm run dataset:import -- --in <folder or .zip of portraits> --out data/<name> [--min 16] [--max N] */
import { parseArgs } from "node:util";
import { FACE_HEIGHT, FACE_WIDTH } from "../lib/imageSize";
import { importPortraits } from "../server/dataset/importPortraits";
import { writePortraitSet } from "../server/dataset/writePortraitSet";
import { numberOption, wholeFrom } from "./cliOptions";
import { progressBar } from "./progressBar";

const { values } = parseArgs({
  options: {
    in: { type: "string" },
    out: { type: "string" },
    min: { type: "string", default: "16" },
    max: { type: "string" },
  },
});
if (!values.in || !values.out) throw new Error("usage: npm run dataset:import -- --in <folder|zip> --out <folder>");
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
