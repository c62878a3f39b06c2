/** npm run dataset:synth -- --count 2000 --seed 1 --out data/yearbook */

import { writeSynthYearbook } from "../training/dataset/synthYearbook";
import { parseCli } from "./cli";
import { numberOption, wholeFrom } from "./cliOptions";
import { progressBar } from "./progressBar";

const { values } = parseCli({
  command: "npm run dataset:synth --",
  summary: "Draws the built-in synthetic yearbook: portraits with their ground-truth factors (labels.json).",
  options: {
    count: { type: "string", default: "2000", value: "<n>", help: "portraits to draw" },
    seed: { type: "string", default: "1", value: "<n>", help: "the same seed draws the same portraits" },
    out: { type: "string", default: "data/yearbook", value: "<dir>", help: "where the portraits go" },
  },
});
const count = numberOption("count", wholeFrom(1), values.count);
const seed = numberOption("seed", wholeFrom(Number.MIN_SAFE_INTEGER), values.seed);
const bar = progressBar("portraits");
bar.start(count, 0);
const started = performance.now();
await writeSynthYearbook({ count, seed, out: values.out, onProgress: (done) => bar.update(done) });
bar.stop();
console.log(`wrote ${count} portraits to ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
