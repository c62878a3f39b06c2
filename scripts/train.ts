/**
 * npm run train -- --data <dir|zip> --out models/<version> [--epochs 100 --batch 16 --widths 128,128,64,32,16
 *   --latent 80 --seed 1 --loss mse|lap1 --engine onnx|tfjs --device cpu|webgpu --workers 2 --threads 2 --resume --max-minutes N
 *   --code-noise 0.25 [--code-noise-final 0.05] --init-from models/<trained on the same dataset>]
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { importPortraits } from "../server/dataset/importPortraits";
import { LABELS_FILE, type SynthLabels } from "../server/dataset/synthYearbook";
import { loadModel } from "../server/model/artifact/modelArtifact";
import { decoderConfigSchema } from "../server/model/decoder/architecture";
import { trainSettingsSchema } from "../server/model/train/checkpoint";
import { finishModel } from "../server/model/train/finishModel";
import { defaultEngine, sameArchitecture, type TrainOptions, trainGlo } from "../server/model/train/gloTrainer";
import { progressBar } from "./progressBar";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "data/yearbook" },
    out: { type: "string" },
    work: { type: "string" },
    epochs: { type: "string", default: "100" },
    batch: { type: "string", default: "16" },
    widths: { type: "string", default: "128,128,64,32,16" },
    latent: { type: "string", default: "80" },
    width: { type: "string", default: "144" },
    height: { type: "string", default: "192" },
    seed: { type: "string", default: "1" },
    loss: { type: "string", default: "mse" },
    lr: { type: "string", default: "0.001" },
    "code-lr": { type: "string", default: "0.01" },
    init: { type: "string", default: "pca" },
    "lr-schedule": { type: "string", default: "constant" },
    workers: { type: "string" },
    threads: { type: "string", default: String(availableParallelism()) },
    engine: { type: "string" },
    device: { type: "string", default: "cpu" },
    backend: { type: "string", default: "wasm" },
    resume: { type: "boolean", default: false },
    "max-minutes": { type: "string" },
    "eval-every": { type: "string", default: "300" },
    "max-images": { type: "string" },
    "code-noise": { type: "string", default: "0" },
    "code-noise-final": { type: "string" },
    "init-from": { type: "string" },
  },
});
if (!values.out) throw new Error("--out models/<version> is required");
const width = Number(values.width);
const height = Number(values.height);
const settings = trainSettingsSchema.parse({
  config: decoderConfigSchema.parse({
    kind: "upsample-conv",
    latent: Number(values.latent),
    width,
    height,
    widths: values.widths.split(",").map(Number),
  }),
  epochs: Number(values.epochs),
  batch: Number(values.batch),
  lr: Number(values.lr),
  codeLr: Number(values["code-lr"]),
  loss: values.loss,
  seed: Number(values.seed),
  codeInit: values.init,
  lrSchedule: values["lr-schedule"],
  codeNoise: Number(values["code-noise"]),
  codeNoiseFinal: values["code-noise-final"] === undefined ? undefined : Number(values["code-noise-final"]),
});
const engine = values.engine ?? defaultEngine(settings.loss);
if (engine !== "onnx" && engine !== "tfjs") throw new Error("--engine must be onnx or tfjs");
// tfjs: one worker thread per core; onnx: one process, ORT's own threads (faster here, see gradientPool.ts)
const workers = Number(values.workers ?? (engine === "tfjs" ? availableParallelism() : 1));
const threads = Number(values.threads);
const device = values.device;
if (device !== "cpu" && device !== "webgpu") throw new Error("--device must be cpu or webgpu");
const workDir = values.work ?? join("data", "runs", basename(values.out));

const importBar = progressBar("import");
const set = await importPortraits(values.data, {
  width,
  height,
  maxImages: values["max-images"] ? Number(values["max-images"]) : undefined,
  onProgress: (done, total) => (done === 1 ? importBar.start(total, done) : importBar.update(done)),
});
importBar.stop();
for (const s of set.skipped) console.warn(`skipped ${s.name}: ${s.reason}`);
console.log(`dataset: ${set.count} portraits, ${set.hash.slice(0, 12)}`);

let factors: Record<string, number>[] | undefined;
const labelsPath = join(values.data, LABELS_FILE);
if (existsSync(labelsPath)) {
  const labels = JSON.parse(await readFile(labelsPath, "utf8")) as SynthLabels;
  const byFile = new Map(labels.images.map((i) => [i.file, i.factors as unknown as Record<string, number>]));
  const rows = set.names.map((n) => byFile.get(n));
  if (rows.every((r) => r !== undefined)) factors = rows as Record<string, number>[];
}

let init: TrainOptions["init"];
if (values["init-from"]) {
  const start = await loadModel(values["init-from"]);
  if (start.manifest.dataset.size !== set.count)
    throw new Error(`${values["init-from"]} was trained on ${start.manifest.dataset.size} images, not ${set.count}`);
  // the same generator and seed on another machine may rasterise a few pixels differently: codes stay per file
  if (start.manifest.dataset.hash !== set.hash)
    console.warn(`warning: ${values["init-from"]} was trained on other pixels (dataset ${start.manifest.dataset.id})`);
  if (!sameArchitecture(start.manifest.architecture, settings.config))
    throw new Error(
      `${values["init-from"]} has another architecture (${start.manifest.architecture.widths.join(",")})`,
    );
  const last = start.manifest.training.history.at(-1);
  settings.initFrom = { model: values["init-from"], seconds: last?.seconds ?? 0, images: last?.images ?? 0 };
  init = { weights: start.weights, codes: start.codes, history: start.manifest.training.history };
  console.log(`starting from ${values["init-from"]} (${((last?.seconds ?? 0) / 60).toFixed(0)} min trained)`);
}

const bar = progressBar("train", " | loss {loss} | {ips} img/s | {psnr}", "payload");
const clock = (seconds: number) =>
  `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m${String(Math.floor(seconds % 60)).padStart(2, "0")}s`;
let started = false;
const result = await trainGlo({
  settings,
  images: set.pixels,
  count: set.count,
  datasetHash: set.hash,
  workDir,
  resume: values.resume,
  init,
  workers,
  threads,
  device,
  engine,
  backend: values.backend as "wasm",
  evalEverySeconds: Number(values["eval-every"]),
  maxSeconds: values["max-minutes"] ? Number(values["max-minutes"]) * 60 : undefined,
  onLog: (line) => console.log(line),
  onProgress: (p) => {
    const payload = {
      loss: p.loss.toFixed(5),
      ips: p.imagesPerSecond.toFixed(1),
      psnr: p.psnr ? `${p.psnr.toFixed(2)} dB` : "",
      remaining: clock(Math.max(0, p.etaSeconds)),
    };
    // a time budget that ends the run before the last epoch: the bar's total is the steps it will reach
    const total = Math.min(p.totalSteps, p.step + Math.round((p.etaSeconds * p.imagesPerSecond) / settings.batch));
    if (!started) {
      bar.start(total, p.step, payload);
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(p.step, payload);
    }
  },
});
bar.stop();
console.log(
  `trained ${result.steps} steps in ${(result.seconds / 60).toFixed(1)} min${result.finished ? "" : " (stopped early: --resume continues)"}`,
);
const manifest = await finishModel({
  dir: values.out,
  settings,
  result,
  images: set.pixels,
  count: set.count,
  datasetHash: set.hash,
  datasetSource: values.data,
  factors,
  command: `npm run train -- ${process.argv.slice(2).join(" ")}`,
  workers: engine === "onnx" ? threads : workers,
  backend: engine === "onnx" ? `onnxruntime-${device}` : `tfjs-${values.backend}`,
  onLog: (line) => console.log(line),
});
console.log(
  `wrote ${values.out}: PSNR ${manifest.metrics.trainPsnr.toFixed(2)} dB, top-20 variance ${(manifest.metrics.explainedVarianceTop20 * 100).toFixed(1)}%`,
);
for (const c of manifest.components) console.log(`  component ${c.component + 1}: ${c.label} (|r| ${c.r?.toFixed(2)})`);
