/**
 * One training job, start to end: import the portraits → warm start from a trained model (optional) → train
 * → finish the model artifact. `npm run train` runs it in the terminal; a background worker can run it as is,
 * following it through the hooks.
 */

import type { ModelManifest } from "../facemodel/artifact/manifest";
import { loadModel } from "../facemodel/artifact/modelArtifact";
import type { TrainSettings } from "../facemodel/artifact/trainSettings";
import type { TfBackendName } from "../facemodel/decoder/tfBackend";
import { createRng } from "../lib/random";
import { importPortraits, type PortraitSet } from "./dataset/importPortraits";
import { readFactors } from "./dataset/readFactors";
import { widenProblem, widenWeights } from "./decoder/widenDecoder";
import { imageGrid, splitImages } from "./report/imageGrid";
import { finishModel } from "./train/finishModel";
import { type TrainOptions, type TrainResult, trainGlo } from "./train/gloTrainer";
import type { GradientEngine } from "./train/gradientPool";
import type { OnnxDevice } from "./train/onnxGradientStep";
import type { Samples } from "./train/reconstructionPsnr";
import { sameArchitecture } from "./train/runContinuation";
import type { TrainProgress } from "./train/trainingSession";

export interface TrainingJobOptions {
  /** the training portraits: a folder or a zip */
  data: string;
  /** the model folder to write; its name is the model's version */
  out: string;
  /** checkpoints */
  workDir: string;
  /** the run's settings; a warm start records itself in `initFrom` */
  settings: TrainSettings;
  engine: GradientEngine;
  device: OnnxDevice;
  backend: TfBackendName;
  workers: number;
  threads: number;
  /** go on from the last checkpoint in workDir */
  resume: boolean;
  /** stop (after checkpointing) once this much training time has been spent in total */
  maxSeconds?: number;
  /** stop (after checkpointing) at this step */
  maxSteps?: number;
  evalEverySeconds: number;
  /** train on the first n portraits */
  maxImages?: number;
  /** a model trained on the same portraits to start from (its decoder may be widened) */
  initFrom?: string;
  /** how the model was made, for its manifest */
  command?: string;
}

/** Where a job is: each stage's start ("warm-start" only with initFrom), then its progress where it has one. */
export type TrainingJobProgress =
  | { stage: "import"; done: number; total: number }
  | { stage: "warm-start" }
  | { stage: "train"; train: TrainProgress }
  | { stage: "finish" };

export interface TrainingJobHooks {
  onProgress?: (p: TrainingJobProgress) => void;
  /** the job's log, as the train command prints it; "warn": a portrait skipped, a warm start from other pixels */
  onLog?: (line: string, level: "info" | "warn") => void;
  /** at each evaluation: a JPEG of a few training portraits (top row) above their reconstructions */
  onSamples?: (jpeg: Buffer) => void | Promise<void>;
}

export interface TrainingJobResult {
  manifest: ModelManifest;
  result: TrainResult;
  dataset: Pick<PortraitSet, "count" | "hash" | "skipped">;
}

/** The warm start from `o.initFrom`: its weights (widened to the settings' decoder) and codes; records it in settings. */
async function warmStart(o: TrainingJobOptions, set: PortraitSet, log: (line: string, level?: "warn") => void) {
  const { settings } = o;
  const initFrom = o.initFrom as string;
  const start = await loadModel(initFrom);
  if (start.manifest.dataset.size !== set.count)
    throw new Error(`${initFrom} was trained on ${start.manifest.dataset.size} images, not ${set.count}`);
  // the same generator and seed on another machine may rasterise a few pixels differently: codes stay per file
  if (start.manifest.dataset.hash !== set.hash)
    log(`warning: ${initFrom} was trained on other pixels (dataset ${start.manifest.dataset.id})`, "warn");
  let weights = start.weights;
  const from = start.manifest.architecture;
  if (!sameArchitecture(from, settings.config)) {
    if (settings.freezeDecoder && from.widths.join(",") !== settings.config.widths.join(","))
      throw new Error(
        `--freeze-decoder fits codes to ${initFrom} as it is: give its widths (--widths ${from.widths.join(",")}), not wider ones`,
      );
    const problem = widenProblem(from, settings.config);
    if (problem) throw new Error(`${initFrom} has another architecture (${from.widths.join(",")}): ${problem}`);
    weights = widenWeights(from, settings.config, weights, createRng(settings.seed));
    log(`widening ${from.widths.join(",")} → ${settings.config.widths.join(",")} (the same faces to start)`);
  }
  const last = start.manifest.training.history.at(-1);
  settings.initFrom = { model: initFrom, seconds: last?.seconds ?? 0, images: last?.images ?? 0 };
  log(`starting from ${initFrom} (${((last?.seconds ?? 0) / 60).toFixed(0)} min trained)`);
  return { weights, codes: start.codes, history: start.manifest.training.history } satisfies TrainOptions["init"];
}

/** The sampled portraits in a row, their reconstructions in the row below. */
function sampleSheet(samples: Samples, set: PortraitSet, width: number, height: number): Promise<Buffer> {
  const size = width * height * 3;
  const originals = samples.indices.map((i) => set.pixels.subarray(i * size, (i + 1) * size));
  const decoded = splitImages(samples.decoded, samples.indices.length);
  return imageGrid([...originals, ...decoded], { width, height, columns: samples.indices.length });
}

/** Runs the job; rejects on the first error (no portraits, a warm start that does not fit, a failed step). */
export async function runTrainingJob(o: TrainingJobOptions, hooks: TrainingJobHooks = {}): Promise<TrainingJobResult> {
  const { settings, engine, device, workers, threads } = o;
  const { width, height } = settings.config;
  const log = (line: string, level: "info" | "warn" = "info") => hooks.onLog?.(line, level);

  const set = await importPortraits(o.data, {
    width,
    height,
    maxImages: o.maxImages,
    onProgress: (done, total) => hooks.onProgress?.({ stage: "import", done, total }),
  });
  for (const s of set.skipped) log(`skipped ${s.name}: ${s.reason}`, "warn");
  log(`dataset: ${set.count} portraits, ${set.hash.slice(0, 12)}`);
  const factors = await readFactors(o.data, set);

  let init: TrainOptions["init"];
  if (o.initFrom) {
    hooks.onProgress?.({ stage: "warm-start" });
    init = await warmStart(o, set, log);
  }

  const result = await trainGlo({
    settings,
    images: set.pixels,
    count: set.count,
    datasetHash: set.hash,
    workDir: o.workDir,
    output: o.out,
    resume: o.resume,
    init,
    workers,
    threads,
    device,
    engine,
    backend: o.backend,
    evalEverySeconds: o.evalEverySeconds,
    maxSeconds: o.maxSeconds,
    maxSteps: o.maxSteps,
    onLog: (line) => log(line),
    onProgress: (train) => hooks.onProgress?.({ stage: "train", train }),
    onSamples:
      hooks.onSamples && (async (samples) => hooks.onSamples?.(await sampleSheet(samples, set, width, height))),
  });
  hooks.onProgress?.({ stage: "finish" });
  log(
    `trained ${result.steps} steps in ${(result.seconds / 60).toFixed(1)} min${result.finished ? "" : " (stopped early: --resume continues)"}`,
  );
  const manifest = await finishModel({
    dir: o.out,
    result,
    images: set.pixels,
    count: set.count,
    datasetHash: set.hash,
    datasetSource: o.data,
    factors,
    command: o.command,
    workers: engine === "onnx" ? workers * threads : workers,
    backend: engine === "onnx" ? `onnxruntime-${device}` : engine === "cuda" ? "cuda" : `tfjs-${o.backend}`,
    onLog: (line) => log(line),
  });
  log(
    `wrote ${o.out}: PSNR ${manifest.metrics.trainPsnr.toFixed(2)} dB, top-20 variance ${(manifest.metrics.explainedVarianceTop20 * 100).toFixed(1)}%`,
  );
  for (const c of manifest.components) log(`  component ${c.component + 1}: ${c.label} (|r| ${c.r?.toFixed(2)})`);
  return { manifest, result, dataset: { count: set.count, hash: set.hash, skipped: set.skipped } };
}
