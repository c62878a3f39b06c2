/** npm run dataset:import -- --in <folder or .zip of portraits> --out data/<name> [--min 16] [--max N] */
import { parseArgs } from "node:util";
import { FACE_HEIGHT, FACE_WIDTH } from "../lib/imageSize";
import { importPortraits } from "../server/dataset/importPortraits";
import { writePortraitSet } from "../server/dataset/writePortraitSet";
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
const minImages = Number(values.min);
const maxImages = values.max === undefined ? undefined : Number(values.max);
if (!Number.isInteger(minImages) || minImages < 1) throw new Error(`--min ${values.min}: a whole number from 1`);
if (maxImages !== undefined && (!Number.isInteger(maxImages) || maxImages < 1))
  throw new Error(`--max ${values.max}: a whole number from 1 (the first N portraits are taken)`);
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
