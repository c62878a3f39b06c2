/**
 * GLO training: one learned code per training image, optimised with the decoder (no encoder). A run opens
 * its starting state (startingState.ts) and its gradient workers, and trains one session of steps
 * (trainingSession.ts, trainStep.ts) until it ends or stops.
 */

import { checkpointDirOf } from "../../facemodel/artifact/checkpointFolder";
import type { HistoryPoint, TrainSettings } from "../../facemodel/artifact/trainSettings";
import { parameterCount } from "../../facemodel/decoder/architecture";
import type { TfBackendName } from "../../facemodel/decoder/tfBackend";
import { createGradientPool, type GradientEngine } from "./gradientPool";
import type { OnnxDevice } from "./onnxGradientStep";
import { type StartOptions, startingState } from "./startingState";
import { type SessionOptions, TrainingSession } from "./trainingSession";

export interface TrainOptions extends StartOptions, SessionOptions {
  /** folder for checkpoints (checkpoint/ inside it) */
  workDir: string;
  workers?: number;
  /** intra-op threads of the onnx engine */
  threads?: number;
  /** the onnx engine's device: cpu, or webgpu for a GPU */
  device?: OnnxDevice;
  /** gradient engine (default: onnx for MSE, tfjs otherwise) */
  engine?: GradientEngine;
  /** TF.js backend for the tfjs engine and for evaluation */
  backend?: TfBackendName;
}

export interface TrainResult {
  /** the run's settings: the command's, with a resumed run's warm start as the checkpoint has it */
  settings: TrainSettings;
  weights: Float32Array;
  codes: Float32Array;
  history: HistoryPoint[];
  seconds: number;
  steps: number;
  finished: boolean;
}

export const defaultEngine = (loss: TrainSettings["loss"]): GradientEngine => (loss === "mse" ? "onnx" : "tfjs");

/** Refuses settings a run cannot keep to. */
function checkSettings(s: TrainSettings, maxSeconds: number | undefined): void {
  if (s.lrSchedule === "cosine-time" && maxSeconds === undefined)
    throw new Error("the cosine-time learning-rate schedule needs a time budget (maxSeconds, --max-minutes)");
  if (s.freezeDecoder && s.codeNoise > 0)
    throw new Error(
      "a frozen decoder's codes are fitted to decode their portraits as they are: train it without --code-noise",
    );
}

/** Trains from the starting state (a checkpoint, a warm start or fresh weights) until the run ends or stops. */
export async function trainGlo(o: TrainOptions): Promise<TrainResult> {
  const checkpointDir = checkpointDirOf(o.workDir);
  const { data, settings: s } = await startingState(o, checkpointDir);
  checkSettings(s, o.maxSeconds);
  o.onLog?.(`decoder ${parameterCount(s.config)} weights; ${o.count} images; batch ${s.batch}; loss ${s.loss}`);
  const engine = o.engine ?? defaultEngine(s.loss);
  const workers = o.workers ?? 1;
  const gradients = await createGradientPool({
    config: s.config,
    loss: s.loss,
    engine,
    backend: o.backend ?? "wasm",
    workers,
    threads: o.threads,
    device: o.device,
    codesOnly: s.freezeDecoder,
    images: o.images,
    weightCount: data.weights.length,
  });
  // evaluation runs between steps, while the onnx workers wait: all their threads
  const evalThreads = engine === "onnx" && workers > 1 ? workers * (o.threads ?? 1) : o.threads;
  try {
    const finished = await new TrainingSession(o, { settings: s, data, gradients, checkpointDir, evalThreads }).train();
    const { history, seconds, step } = data.state;
    return { settings: s, weights: data.weights, codes: data.codes, history, seconds, steps: step, finished };
  } finally {
    await gradients.close();
  }
}
