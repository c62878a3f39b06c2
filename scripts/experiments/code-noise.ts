/**
 * How much code noise makes random faces portraits, and what does it cost? Trains the same decoder for
 * the same time with each noise scale α on the same portraits, then measures, all in one run:
 * reconstruction PSNR over those portraits, and for random faces (N(0,1) per component of the run's own
 * face space) and for reconstructions: PSNR to the nearest training portrait and detail ÷ the portraits'.
 * A grid of each run's random faces is written beside the JSON, to look at.
 *   npx tsx scripts/experiments/code-noise.ts [--data data/yearbook] [--images 512] [--size 72x96]
 *     [--minutes 6] [--alphas 0,0.25,0.5,1] [--final 0.05] [--threads 2] [--out data/experiments] [--json]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fitFaceSpace, randomCodes } from "../../lib/faceSpace";
import { LATENT_SIZE } from "../../lib/imageSize";
import { createRng } from "../../lib/random";
import { importPortraits } from "../../server/dataset/importPortraits";
import type { DecoderConfig } from "../../server/model/decoder/architecture";
import { meanDetail, measureFaces } from "../../server/model/report/faceQuality";
import { imageGrid, splitImages } from "../../server/model/report/imageGrid";
import { createDecoderRuntime } from "../../server/model/runtime/createRuntime";
import { gatherRows } from "../../server/model/train/batches";
import { reconstructionPsnr } from "../../server/model/train/gloTrainer";
import { trainForBudget } from "./trainForBudget";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "data/yearbook" },
    images: { type: "string", default: "512" },
    size: { type: "string", default: "72x96" },
    minutes: { type: "string", default: "6" },
    alphas: { type: "string", default: "0,0.25,0.5,1" },
    final: { type: "string" },
    threads: { type: "string", default: String(availableParallelism()) },
    random: { type: "string", default: "48" },
    out: { type: "string", default: "data/experiments" },
    json: { type: "boolean", default: false },
  },
});
const [width, height] = values.size.split("x").map(Number) as [number, number];
const threads = Number(values.threads);
const randomCount = Number(values.random);
const set = await importPortraits(values.data, { width, height, maxImages: Number(values.images) });
const all = Array.from({ length: set.count }, (_, i) => i);
const config: DecoderConfig = {
  kind: "upsample-conv",
  latent: LATENT_SIZE,
  width,
  height,
  widths: width >= 144 ? [128, 128, 64, 32, 16] : [128, 128, 64, 32],
};
const scale = { width, height, portraitDetail: meanDetail(set.pixels, set.count, width, height) };
await mkdir(values.out, { recursive: true });

const rows = [];
for (const alpha of values.alphas.split(",").map(Number)) {
  const final = values.final !== undefined ? Math.min(alpha, Number(values.final)) : undefined;
  const result = await trainForBudget(config, set, {
    minutes: Number(values.minutes),
    threads,
    codeNoise: alpha,
    codeNoiseFinal: final,
  });
  const runtime = await createDecoderRuntime(config, result.weights, { backend: "onnx-cpu", threads });
  try {
    const psnr = await reconstructionPsnr(runtime, config, result.codes, set.pixels, all);
    const space = fitFaceSpace(result.codes, set.count, LATENT_SIZE);
    // every component drawn, as when the figures in docs/model.md were measured
    const randomCodesFlat = randomCodes(space, randomCount, createRng(2024), space.latent);
    const randoms = splitImages(await runtime.decode(randomCodesFlat, randomCount), randomCount);
    // reconstructions of as many portraits, spread over the set
    const n = Math.min(randomCount, set.count);
    const picks = Array.from({ length: n }, (_, i) => Math.floor((i * set.count) / n));
    const recons = splitImages(await runtime.decode(gatherRows(result.codes, picks, LATENT_SIZE), n), n);
    const random = measureFaces(randoms, set.pixels, set.count, scale);
    const reconstruction = measureFaces(recons, set.pixels, set.count, scale);
    const row = {
      alpha,
      final: final ?? alpha,
      epochs: (result.steps * 16) / set.count,
      psnr,
      randomNearestPsnr: random.nearestPsnr,
      reconstructionNearestPsnr: reconstruction.nearestPsnr,
      randomDetail: random.detailRatio,
      reconstructionDetail: reconstruction.detailRatio,
      explainedVarianceTop20: Array.from(space.explainedVarianceRatio.subarray(0, 20)).reduce((a, b) => a + b, 0),
    };
    rows.push(row);
    await writeFile(
      join(values.out, `code-noise-${alpha}.jpg`),
      await imageGrid(randoms.slice(0, 24), { width, height, columns: 12, scale: width < 144 ? 2 : 1 }),
    );
    if (!values.json)
      console.log(
        `α ${alpha}${row.final !== alpha ? `→${row.final}` : ""}: ${psnr.toFixed(2)} dB (${row.epochs.toFixed(1)} epochs); ` +
          `nearest portrait: random ${row.randomNearestPsnr.toFixed(2)} dB, reconstructions ${row.reconstructionNearestPsnr.toFixed(2)} dB; ` +
          `detail: random ${row.randomDetail.toFixed(2)}, reconstructions ${row.reconstructionDetail.toFixed(2)}; ` +
          `top-20 variance ${(row.explainedVarianceTop20 * 100).toFixed(1)}%`,
      );
  } finally {
    await runtime.dispose();
  }
}
console.log(JSON.stringify({ images: set.count, width, height, minutes: Number(values.minutes), threads, rows }));
