/** npm run model:report -- models/default [--data data/yearbook] [--out data/reports/default.html] */

import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadModel } from "../server/model/artifact/modelArtifact";
import { createDecoderRuntime } from "../server/model/runtime/createRuntime";
import { importPortraits } from "../training/dataset/importPortraits";
import { LABELS_FILE, type SynthLabels } from "../training/dataset/synthYearbook";
import { buildModelReport } from "../training/report/modelReport";
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
const model = await loadModel(dir);
const m = model.manifest;
const out = values.out ?? join("data", "reports", `${m.version}.html`);
const dataDir = values.data ?? m.dataset.source;
let images: Uint8Array | undefined;
let factors: Record<string, number>[] | undefined;
if (dataDir && existsSync(dataDir)) {
  const set = await importPortraits(dataDir, {
    width: m.image.width,
    height: m.image.height,
    minImages: 1,
    // a model trained on the first N portraits of a larger folder (--max-images)
    maxImages: m.dataset.size,
  });
  if (set.hash === m.dataset.hash) {
    images = set.pixels;
    const labelsPath = join(dataDir, LABELS_FILE);
    if (existsSync(labelsPath)) {
      const labels = JSON.parse(await readFile(labelsPath, "utf8")) as SynthLabels;
      const byFile = new Map(labels.images.map((i) => [i.file, i.factors as unknown as Record<string, number>]));
      const rows = set.names.map((n) => byFile.get(n));
      if (rows.every((r) => r !== undefined)) factors = rows as Record<string, number>[];
    }
  } else console.warn(`${dataDir} is not the dataset this model was trained on (hash differs): no reconstructions`);
} else console.warn("training images not found: the report will have no reconstructions (pass --data)");
const runtime = await createDecoderRuntime(m.architecture, model.weights);
try {
  const { html, quality } = await buildModelReport({ model, runtime, images, factors });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, html);
  console.log(`wrote ${out} (${(html.length / 1024).toFixed(0)} KB, decoded on ${runtime.backend})`);
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
} finally {
  await runtime.dispose();
}
