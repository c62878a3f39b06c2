/**
 * npm run bench:decode [-- --json] [--model models/default] [--seconds 2] [--webgpu] [--batches 8,32]
 * For each available decoder backend: latency at batch 1, throughput at batch 8 and 32 (and any other
 * --batches), FLOPs per face, achieved GFLOP/s, and the machine's SGEMM GFLOP/s measured in the same run
 * (ratio between them, at batch 32). A backend that cannot start is reported with its error.
 */

import { availableParallelism } from "node:os";
import { loadModel } from "../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../facemodel/runtime/createRuntime";
import { cudaDevice } from "../facemodel/runtime/cudaRuntime";
import type { BackendName, DecoderRuntime } from "../facemodel/runtime/decoderRuntime";
import { nativeTfAvailable } from "../facemodel/runtime/tfRuntime";
import { randomCodes } from "../lib/faceSpace";
import { createRng } from "../lib/random";
import { errorLine } from "./bench/errorLine";
import { sgemmReference } from "./bench/sgemm";
import { medianMs } from "./bench/timing";
import { parseCli } from "./cli";
import { numberOption, positive, wholeFrom } from "./cliOptions";

const { values } = parseCli({
  command: "npm run bench:decode --",
  summary: "Decode speed of every available backend against the machine's SGEMM, measured in the same run.",
  options: {
    json: { type: "boolean", default: false, help: "print one JSON line only" },
    model: { type: "string", default: "models/default", value: "<dir>", help: "the model to decode" },
    seconds: { type: "string", default: "2", value: "<s>", help: "time per measurement" },
    webgpu: { type: "boolean", default: false, help: "also ONNX Runtime's WebGPU provider" },
    batches: { type: "string", default: "8,32", value: "<n,n>", help: "batch sizes besides 1" },
  },
});
const batches = [
  ...new Set([8, 32, ...values.batches.split(",").map((b) => numberOption("batches", wholeFrom(1), b))]),
];
const seconds = numberOption("seconds", positive, values.seconds);
const model = await loadModel(values.model);
const config = model.manifest.architecture;
const flopsPerFace = model.manifest.flopsPerFace;
const cores = availableParallelism();
const rng = createRng(1);
const codesFor = (n: number) => randomCodes(model.faceSpace, n, rng);

const log = (line: string) => {
  if (!values.json) console.log(line);
};
log(`model ${model.manifest.version}: ${(flopsPerFace / 1e9).toFixed(3)} GFLOP per face, ${cores} cores`);

const { rows: sgemmRows, reference: sgemm } = await sgemmReference(cores, seconds);
for (const r of sgemmRows) log(`SGEMM ${r.n}² ${r.how}, ${r.threads} thread(s): ${r.gflops.toFixed(1)} GFLOP/s`);
log(
  `SGEMM reference (best at that many threads or fewer): ${Object.entries(sgemm)
    .map(([t, g]) => `${t} thread(s) ${g.toFixed(1)} GFLOP/s`)
    .join(", ")}`,
);

// each CPU backend is compared with the SGEMM of the threads it uses (native TF.js uses every core);
// a GPU has no CPU figure to be compared with
const candidates: { backend: BackendName; threads?: number; sgemmThreads: number | null }[] = [
  { backend: "onnx-cpu", threads: 1, sgemmThreads: 1 },
  { backend: "onnx-cpu", threads: cores, sgemmThreads: cores },
  { backend: "tfjs-wasm", sgemmThreads: 1 },
];
if (await nativeTfAvailable()) candidates.push({ backend: "tfjs-native", sgemmThreads: cores });
if (values.webgpu) candidates.push({ backend: "onnx-webgpu", sgemmThreads: null });
if (!cudaDevice().problem) candidates.push({ backend: "cuda", sgemmThreads: null });

// every backend decodes these same codes; its largest difference from the first backend's images is reported
const checkCodes = codesFor(8);
let firstImages: Float32Array | undefined;
const results = [];
for (const c of candidates) {
  let runtime: DecoderRuntime;
  try {
    runtime = await createDecoderRuntime(config, model.weights, { backend: c.backend, threads: c.threads });
  } catch (error) {
    // one backend that cannot start here (no adapter, missing files) must not hide the others' figures
    const message = errorLine(error);
    results.push({ backend: c.backend, threads: c.threads ?? 1, error: message });
    log(`${c.backend.padEnd(12)} could not start: ${message}`);
    continue;
  }
  try {
    const row: Record<string, number | string> = { backend: c.backend, threads: c.threads ?? 1 };
    const latency = await medianMs(() => runtime.decode(codesFor(1), 1), seconds);
    row.latencyMsBatch1 = latency;
    const images = await runtime.decode(checkCodes, 8);
    firstImages ??= images;
    row.maxAbsDiffFromFirst = images.reduce((m, v, i) => Math.max(m, Math.abs(v - (firstImages?.[i] as number))), 0);
    for (const batch of batches) {
      const codes = codesFor(batch);
      const ms = await medianMs(() => runtime.decode(codes, batch), seconds, 1);
      row[`facesPerSecondBatch${batch}`] = (batch * 1000) / ms;
      row[`gflopsBatch${batch}`] = (batch * flopsPerFace) / (ms / 1000) / 1e9;
    }
    const reference = c.sgemmThreads === null ? undefined : sgemm[c.sgemmThreads];
    if (reference !== undefined) {
      row.sgemmGflops = reference;
      row.ratioToSgemmBatch32 = (row.gflopsBatch32 as number) / reference;
    }
    const ratio =
      reference === undefined
        ? "(GPU: no CPU SGEMM ratio)"
        : `= ${((row.ratioToSgemmBatch32 as number) * 100).toFixed(0)}% of ${c.sgemmThreads}-thread SGEMM`;
    results.push(row);
    log(
      `${c.backend.padEnd(12)} ${String(c.threads ?? 1).padStart(2)} thr | batch 1: ${latency.toFixed(1)} ms | ` +
        `batch 8: ${(row.facesPerSecondBatch8 as number).toFixed(1)} faces/s | batch 32: ${(row.facesPerSecondBatch32 as number).toFixed(1)} faces/s, ` +
        `${(row.gflopsBatch32 as number).toFixed(1)} GFLOP/s ${ratio} | ` +
        `max |diff| from ${candidates[0]?.backend}: ${(row.maxAbsDiffFromFirst as number).toExponential(1)}` +
        batches
          .filter((b) => b !== 8 && b !== 32)
          .map((b) => ` | batch ${b}: ${(row[`facesPerSecondBatch${b}`] as number).toFixed(1)} faces/s`)
          .join(""),
    );
  } finally {
    await runtime.dispose();
  }
}
const summary = {
  model: model.manifest.version,
  flopsPerFace,
  cores,
  sgemmGflops: sgemm,
  sgemmRows,
  backends: results,
};
console.log(JSON.stringify(summary));
