/**
 * The training command's options, every one checked before any work starts: a typo must not surface
 * as an error (or a silent NaN) after hours of training.
 */
import { availableParallelism } from "node:os";
import { basename, join, normalize } from "node:path";
import type { z } from "zod";
import { modelVersionSchema } from "../facemodel/artifact/manifest";
import { DEFAULT_DECODER, type TrainSettings, trainSettingsSchema } from "../facemodel/artifact/trainSettings";
import { defaultEngine } from "../training/train/gloTrainer";
import type { GradientEngine } from "../training/train/gradientPool";
import type { OnnxDevice } from "../training/train/onnxGradientStep";
import type { TrainingJobOptions } from "../training/trainingJob";
import { type CliValues, parseCli, UsageError } from "./cli";
import { choice, nonNegative, numberOption, positive, wholeFrom } from "./cliOptions";
import { TRAIN_CLI } from "./trainCli";

/** The command's training job (the manifest's `command` is added by scripts/train.ts). */
export type TrainCommand = Omit<TrainingJobOptions, "command" | "maxSteps">;

type TrainValues = CliValues<(typeof TRAIN_CLI)["options"]>;
type TextOption = Exclude<keyof TrainValues, "resume" | "freeze-decoder">;

/**
 * Gradient workers when --workers is not given. TF.js: one a core. ONNX Runtime on the CPU: two sessions sharing
 * the cores (the backward graph's small kernels keep one session's intra-op threads waiting on each other: two
 * one-thread sessions train 1.15-1.38x as fast as one two-thread session here, bench:train); one session when
 * --threads alone is given (commands written before the data-parallel sessions mean one session) or on a GPU.
 */
function defaultWorkers(engine: GradientEngine, device: OnnxDevice, threadsGiven: boolean): number {
  if (engine === "tfjs") return availableParallelism();
  if (engine === "cuda") return 1;
  return device === "cpu" && !threadsGiven ? Math.min(2, availableParallelism()) : 1;
}

export function parseTrainCommand(args: string[]): TrainCommand {
  const { values } = parseCli(TRAIN_CLI, args);
  const out = outFolder(values.out);
  const { int, real } = numbersOf(values);
  const settings = trainSettingsOf(values);
  const { engine, device, workers } = gradientSetup(values, settings.loss);
  return {
    data: values.data,
    out,
    workDir: values.work ?? join("data", "runs", basename(out)),
    settings,
    engine,
    device,
    backend: choice("backend", ["wasm", "cpu", "tensorflow", "webgpu"] as const, values.backend),
    workers,
    // ONNX Runtime's intra-op threads per session: by default the cores shared between the onnx workers
    threads:
      values.threads === undefined
        ? Math.max(1, Math.floor(availableParallelism() / (engine === "onnx" ? workers : 1)))
        : int("threads", 1),
    resume: values.resume,
    maxSeconds: values["max-minutes"] === undefined ? undefined : real("max-minutes", positive) * 60,
    evalEverySeconds: real("eval-every", nonNegative),
    maxImages: values["max-images"] === undefined ? undefined : int("max-images", 1),
    initFrom: values["init-from"],
  };
}

/** The model's folder from --out, without a trailing slash; its name must be a valid model version. */
function outFolder(given: string | undefined): string {
  if (!given) throw new UsageError("--out models/<version> is required");
  // "models/v2/" and "models/v2" are one folder; "." and ".." name no model folder
  const out = normalize(given).replace(/(.)\/+$/, "$1");
  const version = modelVersionSchema.refine((v) => v !== "." && v !== "..", "not . or ..").safeParse(basename(out));
  if (!version.success)
    throw new UsageError(
      `--out ${given}: the folder's name is the model's version: ${version.error.issues[0]?.message}`,
    );
  return out;
}

/** The option readers for numbers: a whole number from a minimum, or any number a schema accepts. */
function numbersOf(values: TrainValues) {
  return {
    int: (name: TextOption, min: number) => numberOption(name, wholeFrom(min), String(values[name])),
    real: (name: TextOption, schema: z.ZodType<number>) => numberOption(name, schema, String(values[name])),
  };
}

/** The run's settings (the decoder's shape, the schedule, the loss), checked as the training job checks them. */
function trainSettingsOf(values: TrainValues): TrainSettings {
  const { int, real } = numbersOf(values);
  const parsed = trainSettingsSchema.safeParse({
    config: {
      kind: DEFAULT_DECODER.kind,
      latent: int("latent", 1),
      width: int("width", 1),
      height: int("height", 1),
      widths: values.widths.split(",").map((w) => numberOption("widths", wholeFrom(1), w)),
    },
    epochs: int("epochs", 1),
    batch: int("batch", 1),
    lr: real("lr", positive),
    codeLr: real("code-lr", positive),
    loss: values.loss,
    seed: int("seed", Number.MIN_SAFE_INTEGER),
    codeInit: values.init,
    lrSchedule: values["lr-schedule"],
    codeNoise: real("code-noise", nonNegative),
    codeNoiseFinal: values["code-noise-final"] === undefined ? undefined : real("code-noise-final", nonNegative),
    freezeDecoder: values["freeze-decoder"],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid training option ${issue?.path.join(".")}: ${issue?.message}`);
  }
  if (parsed.data.freezeDecoder && !values["init-from"] && !values.resume)
    throw new UsageError("--freeze-decoder fits codes to a trained decoder: name it with --init-from models/<version>");
  return parsed.data;
}

/** Which engine computes the gradients, on which device, in how many workers. */
function gradientSetup(
  values: TrainValues,
  loss: TrainSettings["loss"],
): { engine: GradientEngine; device: OnnxDevice; workers: number } {
  // --device cuda: the CUDA addon's own engine; cpu or webgpu: where ONNX Runtime's engine runs
  const where = choice("device", ["cpu", "webgpu", "cuda"] as const, values.device);
  if (where === "cuda" && loss !== "mse") throw new UsageError("--device cuda trains the mse loss only");
  const engine =
    where === "cuda" ? "cuda" : choice("engine", ["onnx", "tfjs"] as const, values.engine ?? defaultEngine(loss));
  const device = where === "cuda" ? "cpu" : where;
  const workers =
    values.workers === undefined
      ? defaultWorkers(engine, device, values.threads !== undefined)
      : numberOption("workers", wholeFrom(1), values.workers);
  return { engine, device, workers };
}
