/** The training command's options and their help (checked by trainOptions.ts). */
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
    epochs: text("<n>", "passes over the portraits", "100"),
    batch: text("<n>", "portraits per step", "16"),
    widths: text("<n,...>", "the decoder's widths", "128,128,64,32,16"),
    latent: text("<n>", "numbers per code", "80"),
    width: text("<px>", "portrait width", "144"),
    height: text("<px>", "portrait height", "192"),
    seed: text("<n>", "the run's seed", "1"),
    loss: text("<mse|lap1>", "the reconstruction loss", "mse"),
    lr: text("<rate>", "the decoder's learning rate", "0.001"),
    "code-lr": text("<rate>", "the codes' learning rate", "0.01"),
    init: text("<pca|random>", "how the codes start", "pca"),
    "lr-schedule": text("<constant|cosine|cosine-time>", "how the rates change over the run", "constant"),
    workers: text("<n>", "gradient workers (ONNX on the CPU: 2 by default)"),
    threads: text("<n>", "threads per worker (default: the cores shared)"),
    engine: text("<onnx|tfjs>", "the gradient engine (default: onnx, tfjs for lap1)"),
    device: text("<cpu|webgpu>", "where ONNX Runtime trains", "cpu"),
    backend: text("<wasm|cpu|tensorflow|webgpu>", "TF.js's backend", "wasm"),
    resume: flag("go on from the last checkpoint in --work"),
    "freeze-decoder": flag("fit only the codes to a trained decoder (with --init-from)"),
    "max-minutes": text("<min>", "stop after this much training time"),
    "eval-every": text("<s>", "seconds between evaluations", "300"),
    "max-images": text("<n>", "train on the first n portraits"),
    "code-noise": text("<σ>", "noise added to the codes while training", "0"),
    "code-noise-final": text("<σ>", "the noise at the end (decays with the rate)"),
    "truncate-codes": text("<share>", "share of rows trained on truncated codes", "0"),
    "match-samples": text("<share>", "share of rows trained on matched random faces", "0"),
    "match-every": text("<steps>", "steps between matchings", "250"),
    adversarial: text("<weight>", "weight of the adversarial term", "0"),
    "adversarial-rows": text("<n>", "random faces per step for the adversary", "4"),
    "adversarial-norm": text("<none|spectral>", "the discriminator's normalisation", "none"),
    "init-from": text("<models/version>", "start from a trained model (same dataset)"),
  },
} satisfies CliSpec<Record<string, CliOption>>;
