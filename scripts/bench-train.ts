/**
 * npm run bench:train [-- --json] [--batch 16] [--seconds 10] [--engines onnx,tfjs] [--webgpu]
 * Training images/s for one step of the default architecture on each gradient engine and thread count
 * (with --webgpu also ONNX Runtime's WebGPU provider), and a frozen decoder's step (--freeze-decoder: the codes'
 * gradients only). An engine that cannot start is reported with its error.
 */

import { availableParallelism } from "node:os";
import { DEFAULT_DECODER, defaultDecoder } from "../facemodel/artifact/trainSettings";
import { type DecoderConfig, flopsPerFace, parameterCount } from "../facemodel/decoder/architecture";
import { initialWeights } from "../facemodel/decoder/decoderGraph";
import { flatten } from "../facemodel/decoder/weightsLayout";
import { FACE_HEIGHT, FACE_WIDTH, LATENT_SIZE } from "../lib/imageSize";
import { createRng } from "../lib/random";
import { createGradientPool, type GradientEngine, type GradientPool } from "../training/train/gradientPool";
import type { OnnxDevice } from "../training/train/onnxGradientStep";
import { errorLine } from "./bench/errorLine";
import { medianMs } from "./bench/timing";
import { parseCli } from "./cli";
import { numberOption, positive, wholeFrom } from "./cliOptions";

const { values } = parseCli({
  command: "npm run bench:train --",
  summary: "Training images/s of one step on each gradient engine and split of the cores.",
  options: {
    json: { type: "boolean", default: false, help: "print one JSON line only" },
    batch: { type: "string", default: "16", value: "<n>", help: "images per step" },
    seconds: { type: "string", default: "10", value: "<s>", help: "time per row" },
    widths: {
      type: "string",
      default: DEFAULT_DECODER.widths.join(","),
      value: "<n,...>",
      help: "the decoder's widths",
    },
    engines: {
      type: "string",
      default: "onnx,tfjs",
      value: "<a,b>",
      help: "gradient engines to measure (onnx, tfjs, cuda)",
    },
    webgpu: { type: "boolean", default: false, help: "also ONNX Runtime's WebGPU provider" },
  },
});
const config: DecoderConfig = defaultDecoder(
  values.widths.split(",").map((w) => numberOption("widths", wholeFrom(1), w)),
);
const batch = numberOption("batch", wholeFrom(1), values.batch);
const seconds = numberOption("seconds", positive, values.seconds);
const cores = availableParallelism();
const rng = createRng(3);
const images = Uint8Array.from({ length: batch * FACE_WIDTH * FACE_HEIGHT * 3 }, () => Math.floor(rng() * 256));
const weights = flatten(config, initialWeights(config, rng));
const codes = Float32Array.from({ length: batch * LATENT_SIZE }, () => (rng() - 0.5) * 0.2);
const indices = Array.from({ length: batch }, (_, i) => i);
// forward + backward ≈ 3 × the forward FLOPs
const stepFlops = 3 * flopsPerFace(config) * batch;
const log = (line: string) => {
  if (!values.json) console.log(line);
};
log(
  `decoder ${values.widths}: ${parameterCount(config)} weights, ${(flopsPerFace(config) / 1e9).toFixed(2)} GFLOP/face forward; batch ${batch}`,
);

const engines = values.engines.split(",");
/** Ways to share the cores between data-parallel workers: one core each, two each, four each (at least 2 workers). */
function dataParallelSplits(n: number): { workers: number; threads: number }[] {
  return [1, 2, 4].filter((t) => n % t === 0 && n / t >= 2).map((threads) => ({ workers: n / threads, threads }));
}
const runs: {
  engine: GradientEngine;
  workers: number;
  threads: number;
  device: OnnxDevice;
  /** a frozen decoder's step (--freeze-decoder): the codes' gradients only */
  codesOnly?: boolean;
}[] = [
  { engine: "onnx" as const, workers: 1, threads: 1, device: "cpu" as const },
  { engine: "onnx" as const, workers: 1, threads: cores, device: "cpu" as const },
  { engine: "onnx" as const, workers: 1, threads: cores, device: "cpu" as const, codesOnly: true },
  // data-parallel: ONNX Runtime sessions in worker threads, each on its share of the batch (all cores in all)
  ...dataParallelSplits(cores).flatMap(({ workers, threads }) => [
    { engine: "onnx" as const, workers, threads, device: "cpu" as const },
    { engine: "onnx" as const, workers, threads, device: "cpu" as const, codesOnly: true },
  ]),
  { engine: "tfjs" as const, workers: 1, threads: 1, device: "cpu" as const },
  { engine: "tfjs" as const, workers: cores, threads: 1, device: "cpu" as const },
  ...(values.webgpu ? [{ engine: "onnx" as const, workers: 1, threads: 1, device: "webgpu" as const }] : []),
  { engine: "cuda" as const, workers: 1, threads: 1, device: "cpu" as const },
].filter((r) => engines.includes(r.engine));
const engineName = (r: (typeof runs)[number]) =>
  r.engine === "onnx"
    ? `onnxruntime-${r.device}${r.codesOnly ? ",frozen-decoder" : ""}`
    : r.engine === "cuda"
      ? "cuda"
      : "tfjs-wasm";
interface Row {
  engine: string;
  workers: number;
  threads: number;
  msPerStep?: number;
  imagesPerSecond?: number;
  gflops?: number;
  error?: string;
}
const results: Row[] = [];
for (const r of runs) {
  let pool: GradientPool;
  try {
    pool = await createGradientPool({
      config,
      loss: "mse",
      engine: r.engine,
      backend: "wasm",
      workers: r.workers,
      threads: r.threads,
      device: r.device,
      codesOnly: r.codesOnly,
      images,
      weightCount: weights.length,
    });
  } catch (error) {
    const message = errorLine(error);
    results.push({ engine: engineName(r), workers: r.workers, threads: r.threads, error: message });
    log(`${engineName(r).padEnd(16)} could not start: ${message}`);
    continue;
  }
  try {
    const ms = await medianMs(() => pool.compute(weights, indices, codes), seconds, 1);
    const row = {
      engine: engineName(r),
      workers: r.workers,
      threads: r.threads,
      msPerStep: ms,
      imagesPerSecond: (batch * 1000) / ms,
      // a frozen decoder's step does less than the step's count
      gflops: r.codesOnly ? undefined : stepFlops / (ms / 1000) / 1e9,
    };
    results.push(row);
    log(
      `${row.engine.padEnd(16)} workers ${r.workers} threads ${r.threads}: ${row.imagesPerSecond.toFixed(1)} img/s (${ms.toFixed(0)} ms/step, ${r.codesOnly ? "the codes' gradients only" : `~${row.gflops?.toFixed(1)} GFLOP/s`})`,
    );
  } finally {
    await pool.close();
  }
}
const base =
  results.find((r) => r.engine === "tfjs-wasm" && r.workers === 1)?.imagesPerSecond ??
  results.find((r) => r.imagesPerSecond)?.imagesPerSecond ??
  1;
for (const r of results) Object.assign(r, { speedupVsTfjsOneCore: (r.imagesPerSecond ?? 0) / base });
console.log(JSON.stringify({ batch, widths: config.widths, cores, results }));
