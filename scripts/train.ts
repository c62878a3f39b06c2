/**
 * npm run train -- --data <dir|zip> --out models/<version> [--epochs 100 --batch 16 --widths 128,128,64,32,16
 *   --latent 80 --seed 1 --loss mse|lap1 --engine onnx|tfjs --device cpu|webgpu --workers 2 --threads 1 (ONNX on the CPU: two sessions by default) --resume --max-minutes N
 *   --code-noise 0.25 [--code-noise-final 0.05] --freeze-decoder --init-from models/<trained on the same dataset;
 *   --widths may widen it>]
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRng } from "../lib/random";
import { importPortraits } from "../server/dataset/importPortraits";
import { LABELS_FILE, type SynthLabels } from "../server/dataset/synthYearbook";
import { loadModel } from "../server/model/artifact/modelArtifact";
import { widenProblem, widenWeights } from "../server/model/decoder/widenDecoder";
import { finishModel } from "../server/model/train/finishModel";
import { type TrainOptions, trainGlo } from "../server/model/train/gloTrainer";
import { sameArchitecture } from "../server/model/train/runContinuation";
import { progressBar } from "./progressBar";
import { parseTrainCommand } from "./trainOptions";

const cmd = parseTrainCommand(process.argv.slice(2));
const { settings, engine, device, workers, threads } = cmd;
const { width, height } = settings.config;

const importBar = progressBar("import");
const set = await importPortraits(cmd.data, {
  width,
  height,
  maxImages: cmd.maxImages,
  onProgress: (done, total) => (done === 1 ? importBar.start(total, done) : importBar.update(done)),
});
importBar.stop();
for (const s of set.skipped) console.warn(`skipped ${s.name}: ${s.reason}`);
console.log(`dataset: ${set.count} portraits, ${set.hash.slice(0, 12)}`);

let factors: Record<string, number>[] | undefined;
const labelsPath = join(cmd.data, LABELS_FILE);
if (existsSync(labelsPath)) {
  const labels = JSON.parse(await readFile(labelsPath, "utf8")) as SynthLabels;
  const byFile = new Map(labels.images.map((i) => [i.file, i.factors as unknown as Record<string, number>]));
  const rows = set.names.map((n) => byFile.get(n));
  if (rows.every((r) => r !== undefined)) factors = rows as Record<string, number>[];
}

let init: TrainOptions["init"];
if (cmd.initFrom) {
  const start = await loadModel(cmd.initFrom);
  if (start.manifest.dataset.size !== set.count)
    throw new Error(`${cmd.initFrom} was trained on ${start.manifest.dataset.size} images, not ${set.count}`);
  // the same generator and seed on another machine may rasterise a few pixels differently: codes stay per file
  if (start.manifest.dataset.hash !== set.hash)
    console.warn(`warning: ${cmd.initFrom} was trained on other pixels (dataset ${start.manifest.dataset.id})`);
  let weights = start.weights;
  const from = start.manifest.architecture;
  if (!sameArchitecture(from, settings.config)) {
    if (settings.freezeDecoder && from.widths.join(",") !== settings.config.widths.join(","))
      throw new Error(
        `--freeze-decoder fits codes to ${cmd.initFrom} as it is: give its widths (--widths ${from.widths.join(",")}), not wider ones`,
      );
    const problem = widenProblem(from, settings.config);
    if (problem) throw new Error(`${cmd.initFrom} has another architecture (${from.widths.join(",")}): ${problem}`);
    weights = widenWeights(from, settings.config, weights, createRng(settings.seed));
    console.log(`widening ${from.widths.join(",")} → ${settings.config.widths.join(",")} (the same faces to start)`);
  }
  const last = start.manifest.training.history.at(-1);
  settings.initFrom = { model: cmd.initFrom, seconds: last?.seconds ?? 0, images: last?.images ?? 0 };
  init = { weights, codes: start.codes, history: start.manifest.training.history };
  console.log(`starting from ${cmd.initFrom} (${((last?.seconds ?? 0) / 60).toFixed(0)} min trained)`);
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
  workDir: cmd.workDir,
  output: cmd.out,
  resume: cmd.resume,
  init,
  workers,
  threads,
  device,
  engine,
  backend: cmd.backend,
  evalEverySeconds: cmd.evalEverySeconds,
  maxSeconds: cmd.maxSeconds,
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
  dir: cmd.out,
  result,
  images: set.pixels,
  count: set.count,
  datasetHash: set.hash,
  datasetSource: cmd.data,
  factors,
  command: `npm run train -- ${process.argv.slice(2).join(" ")}`,
  workers: engine === "onnx" ? workers * threads : workers,
  backend: engine === "onnx" ? `onnxruntime-${device}` : `tfjs-${cmd.backend}`,
  onLog: (line) => console.log(line),
});
console.log(
  `wrote ${cmd.out}: PSNR ${manifest.metrics.trainPsnr.toFixed(2)} dB, top-20 variance ${(manifest.metrics.explainedVarianceTop20 * 100).toFixed(1)}%`,
);
for (const c of manifest.components) console.log(`  component ${c.component + 1}: ${c.label} (|r| ${c.r?.toFixed(2)})`);
