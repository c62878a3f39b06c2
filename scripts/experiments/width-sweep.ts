/**
 * Which decoder widths give the best faces for their cost? Trains each candidate for the same time
 * budget on the same portraits at full size (144x192, latent 80) and reports training-set PSNR against
 * FLOPs per face, weights, decode time and training images/s, all measured in the same run.
 *   npx tsx scripts/experiments/width-sweep.ts [--data data/yearbook] [--images 512] [--minutes 4]
 *     [--candidates "64,64,32,16,8;128,128,64,32,16;..."] [--json]
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { FACE_HEIGHT, FACE_WIDTH, LATENT_SIZE } from "../../lib/imageSize";
import { importPortraits } from "../../server/dataset/importPortraits";
import { type DecoderConfig, flopsPerFace, parameterCount } from "../../server/model/decoder/architecture";
import { createDecoderRuntime } from "../../server/model/runtime/createRuntime";
import { reconstructionPsnr } from "../../server/model/train/gloTrainer";
import { medianMs } from "../bench/timing";
import { trainForBudget } from "./trainForBudget";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "data/yearbook" },
    images: { type: "string", default: "512" },
    minutes: { type: "string", default: "4" },
    candidates: {
      type: "string",
      default: "64,64,32,16,8;96,96,48,24,12;128,128,64,32,16;256,128,64,32,16;192,192,96,48,24",
    },
    json: { type: "boolean", default: false },
  },
});
const threads = availableParallelism();
const set = await importPortraits(values.data, {
  width: FACE_WIDTH,
  height: FACE_HEIGHT,
  maxImages: Number(values.images),
});
const all = Array.from({ length: set.count }, (_, i) => i);
const rows = [];
for (const candidate of values.candidates.split(";")) {
  const config: DecoderConfig = {
    kind: "upsample-conv",
    latent: LATENT_SIZE,
    width: FACE_WIDTH,
    height: FACE_HEIGHT,
    widths: candidate.split(",").map(Number),
  };
  const result = await trainForBudget(config, set, { minutes: Number(values.minutes), threads });
  const runtime = await createDecoderRuntime(config, result.weights, { backend: "onnx-cpu", threads });
  const psnr = await reconstructionPsnr(runtime, config, result.codes, set.pixels, all);
  const one = result.codes.subarray(0, LATENT_SIZE);
  const decodeMs = await medianMs(() => runtime.decode(one, 1), 2);
  await runtime.dispose();
  const row = {
    widths: candidate,
    gflopsPerFace: flopsPerFace(config) / 1e9,
    weights: parameterCount(config),
    imagesPerSecond: (result.steps * 16) / result.seconds,
    epochs: (result.steps * 16) / set.count,
    psnr,
    decodeMs,
  };
  rows.push(row);
  if (!values.json)
    console.log(
      `${candidate.padEnd(20)} ${row.gflopsPerFace.toFixed(2)} GFLOP/face, ${(row.weights / 1e6).toFixed(2)} M weights: ` +
        `${row.psnr.toFixed(2)} dB after ${values.minutes} min (${row.epochs.toFixed(1)} epochs at ${row.imagesPerSecond.toFixed(1)} img/s), ` +
        `decode ${row.decodeMs.toFixed(1)} ms/face`,
    );
}
console.log(JSON.stringify({ images: set.count, minutes: Number(values.minutes), threads, rows }));
