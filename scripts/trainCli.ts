/** The training command's options and their help (checked by trainOptions.ts). */
import { DEFAULT_DECODER, TRAIN_DEFAULTS } from "../facemodel/artifact/trainSettings";
import type { CliOption, CliSpec } from "./cli";

function text(value: string, help: string): { type: "string"; value: string; help: string };
function text(
  value: string,
  help: string,
  fallback: string,
): { type: "string"; value: string; help: string; default: string };
function text(value: string, help: string, fallback?: string) {
  return fallback === undefined ? { type: "string", value, help } : { type: "string", value, help, default: fallback };
}
const flag = (help: string) => ({ type: "boolean", default: false, help }) as const;

export const TRAIN_CLI = {
  command: "npm run train --",
  summary:
    "Trains a GLO decoder (a learned code per portrait) and writes models/<version>: weights, codes, face space.",
  options: {
    data: text("<dir|zip>", "the training portraits", "data/yearbook"),
    out: text("<models/version>", "where the model goes; the folder's name is its version (required)"),
    work: text("<dir>", "checkpoints (default data/runs/<version>)"),
    epochs: text("<n>", "passes over the portraits", String(TRAIN_DEFAULTS.epochs)),
    batch: text("<n>", "portraits per step", String(TRAIN_DEFAULTS.batch)),
    widths: text("<n,...>", "the decoder's widths", DEFAULT_DECODER.widths.join(",")),
    latent: text("<n>", "numbers per code", String(DEFAULT_DECODER.latent)),
    width: text("<px>", "portrait width", String(DEFAULT_DECODER.width)),
    height: text("<px>", "portrait height", String(DEFAULT_DECODER.height)),
    seed: text("<n>", "the run's seed", String(TRAIN_DEFAULTS.seed)),
    loss: text("<mse|lap1>", "the reconstruction loss", TRAIN_DEFAULTS.loss),
    lr: text("<rate>", "the decoder's learning rate", String(TRAIN_DEFAULTS.lr)),
    "code-lr": text("<rate>", "the codes' learning rate", String(TRAIN_DEFAULTS.codeLr)),
    init: text("<pca|random>", "how the codes start", TRAIN_DEFAULTS.codeInit),
    "lr-schedule": text(
      "<constant|cosine|cosine-time>",
      "how the rates change over the run",
      TRAIN_DEFAULTS.lrSchedule,
    ),
    workers: text("<n>", "gradient workers (ONNX on the CPU: 2 by default)"),
    threads: text("<n>", "threads per worker (default: the cores shared)"),
    engine: text("<onnx|tfjs>", "the gradient engine (default: onnx, tfjs for lap1)"),
    device: text(
      "<cpu|webgpu|cuda>",
      "where the step runs: ONNX Runtime on the CPU or WebGPU, or the CUDA addon",
      "cpu",
    ),
    backend: text("<wasm|cpu|tensorflow|webgpu>", "TF.js's backend", "wasm"),
    resume: flag("go on from the last checkpoint in --work"),
    "freeze-decoder": flag("fit only the codes to a trained decoder (with --init-from)"),
    "max-minutes": text("<min>", "stop after this much training time"),
    "eval-every": text("<s>", "seconds between evaluations", "300"),
    "max-images": text("<n>", "train on the first n portraits"),
    "code-noise": text("<σ>", "noise added to the codes while training", String(TRAIN_DEFAULTS.codeNoise)),
    "code-noise-final": text("<σ>", "the noise at the end (decays with the rate)"),
    "init-from": text("<models/version>", "start from a trained model (same dataset)"),
  },
} satisfies CliSpec<Record<string, CliOption>>;
