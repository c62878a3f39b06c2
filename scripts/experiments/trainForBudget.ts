/** The experiments' common training run: a decoder trained from scratch for a time budget (cosine-time rate). */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PortraitSet } from "../../server/dataset/importPortraits";
import type { DecoderConfig } from "../../server/model/decoder/architecture";
import { type TrainResult, trainGlo } from "../../server/model/train/gloTrainer";

export interface BudgetRun {
  minutes: number;
  threads: number;
  /** code-noise scale, and where it decays to (default: constant) */
  codeNoise?: number;
  codeNoiseFinal?: number;
}

export async function trainForBudget(config: DecoderConfig, set: PortraitSet, run: BudgetRun): Promise<TrainResult> {
  return trainGlo({
    settings: {
      config,
      epochs: 100_000,
      batch: 16,
      lr: 1e-3,
      codeLr: 1e-2,
      loss: "mse",
      seed: 1,
      codeInit: "pca",
      lrSchedule: "cosine-time",
      codeNoise: run.codeNoise ?? 0,
      truncateCodes: 0,
      matchSamples: 0,
      matchEvery: 250,
      adversarial: 0,
      adversarialRows: 4,
      adversarialNorm: "none",
      freezeDecoder: false,
      ...(run.codeNoiseFinal !== undefined ? { codeNoiseFinal: run.codeNoiseFinal } : {}),
    },
    images: set.pixels,
    count: set.count,
    datasetHash: set.hash,
    workDir: await mkdtemp(join(tmpdir(), "likeness-experiment-")),
    threads: run.threads,
    maxSeconds: run.minutes * 60,
    evalEverySeconds: 1e9,
  });
}
