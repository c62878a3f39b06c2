/** npm run dataset:synth -- --count 2000 --seed 1 --out data/yearbook */
import { parseArgs } from "node:util";
import { writeSynthYearbook } from "../server/dataset/synthYearbook";
import { progressBar } from "./progressBar";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    out: { type: "string", default: "data/yearbook" },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const bar = progressBar("portraits");
bar.start(count, 0);
const started = performance.now();
await writeSynthYearbook({ count, seed, out: values.out, onProgress: (done) => bar.update(done) });
bar.stop();
console.log(`wrote ${count} portraits to ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
