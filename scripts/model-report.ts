/** npm run model:report -- models/default [--data data/yearbook] [--out data/reports/default.html] */

import { join } from "node:path";
import { readManifest } from "../facemodel/artifact/modelArtifact";
import { writeModelReport } from "../training/report/writeModelReport";
import { parseCli } from "./cli";

const { values, positionals } = parseCli({
  command: "npm run model:report --",
  summary:
    "Writes a model's HTML report: reconstructions, random faces, component sweeps, variance and PSNR charts, factors.",
  positionals: "[model dir, default models/default]",
  options: {
    data: { type: "string", value: "<dir>", help: "the training portraits (default: the manifest's dataset source)" },
    out: { type: "string", value: "<file>", help: "the report (default data/reports/<version>.html)" },
  },
});
const dir = positionals[0] ?? "models/default";
const manifest = await readManifest(dir);
const out = values.out ?? join("data", "reports", `${manifest.version}.html`);
const { bytes, backend, quality, warning } = await writeModelReport(dir, out, values.data);
if (warning) console.warn(`${warning}${values.data ? "" : " (pass --data)"}`);
console.log(`wrote ${out} (${(bytes / 1024).toFixed(0)} KB, decoded on ${backend})`);
if (quality) {
  const rows = {
    "random faces": "random",
    "random faces drawing every component": "randomEveryComponent",
    reconstructions: "reconstructions",
    "mean face": "meanFace",
  } as const;
  for (const [what, key] of Object.entries(rows))
    console.log(
      `${what}: nearest training portrait ${quality.nearestPsnr[key].toFixed(2)} dB, detail ${quality.detailRatio[key].toFixed(2)} of the portraits'`,
    );
  for (const d of quality.byDepth)
    console.log(
      `12 random draws on the first ${d.depth} components: nearest ${d.nearestPsnr.toFixed(2)} dB, detail ${d.detailRatio.toFixed(2)}`,
    );
}
