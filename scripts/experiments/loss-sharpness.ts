/**
 * Which loss gives sharper faces, MSE or Laplacian-pyramid L1? Trains the same small decoder with each
 * for the same number of steps on the same portraits and compares reconstruction PSNR and retained
 * detail (mean gradient magnitude of reconstructions ÷ that of the originals; 1 = as sharp as the data).
 *   npx tsx scripts/experiments/loss-sharpness.ts [--data data/yearbook] [--images 256] [--epochs 30]
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { importPortraits } from "../../server/dataset/importPortraits";
import type { DecoderConfig } from "../../server/model/decoder/architecture";
import { initTf } from "../../server/model/decoder/tfBackend";
import { TfDecoder } from "../../server/model/decoder/tfDecode";
import { meanDetail } from "../../server/model/report/faceQuality";
import { psnr, trainGlo } from "../../server/model/train/gloTrainer";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "data/yearbook" },
    images: { type: "string", default: "256" },
    epochs: { type: "string", default: "30" },
  },
});
const config: DecoderConfig = { kind: "upsample-conv", latent: 32, width: 48, height: 64, widths: [64, 64, 32, 16] };
const set = await importPortraits(values.data, {
  width: config.width,
  height: config.height,
  maxImages: Number(values.images),
});
const size = config.width * config.height * 3;

const detail = (images: Uint8Array | Float32Array) => meanDetail(images, set.count, config.width, config.height);
const originalDetail = detail(set.pixels);
const rows = [];
for (const loss of ["mse", "lap1"] as const) {
  const started = performance.now();
  const result = await trainGlo({
    settings: {
      config,
      epochs: Number(values.epochs),
      batch: 16,
      lr: 1e-3,
      codeLr: 1e-2,
      loss,
      seed: 1,
      codeInit: "pca",
      lrSchedule: "constant",
      codeNoise: 0,
      truncateCodes: 0,
      matchSamples: 0,
      matchEvery: 250,
      adversarial: 0,
      adversarialRows: 4,
      adversarialNorm: "none",
      freezeDecoder: false,
    },
    images: set.pixels,
    count: set.count,
    datasetHash: set.hash,
    workDir: await mkdtemp(join(tmpdir(), `likeness-loss-${loss}-`)),
    engine: "tfjs",
    evalEverySeconds: 1e9,
  });
  await initTf("wasm");
  const decoder = new TfDecoder(config, result.weights);
  const decoded = await decoder.decode(result.codes, set.count);
  decoder.dispose();
  rows.push({
    loss,
    steps: result.steps,
    minutes: (performance.now() - started) / 60000,
    psnr: psnr(decoded, set.pixels, size, set.count),
    detailRatio: detail(decoded) / originalDetail,
  });
  console.log(rows[rows.length - 1]);
}
console.log(JSON.stringify({ images: set.count, config, rows }));
