/**
 * GLO training: one learned code per training image, optimised with the decoder (no encoder).
 * Adam for the decoder, lazy row-wise Adam for the codes, codes kept in the unit L2 ball.
 */

import { checkpointDirOf } from "../../facemodel/artifact/checkpointFolder";
import type { HistoryPoint, TrainSettings } from "../../facemodel/artifact/trainSettings";
import { parameterCount } from "../../facemodel/decoder/architecture";
import type { TfBackendName } from "../../facemodel/decoder/tfBackend";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import { adamDefaults, adamUpdate } from "./adam";
import { epochOrder, gatherRows } from "./batches";
import { saveCheckpoint } from "./checkpoint";
import { projectToBall } from "./codeInit";
import { addCodeNoise, codeSpread } from "./codeNoise";
import { createGradientPool, type GradientEngine } from "./gradientPool";
import type { OnnxDevice } from "./onnxGradientStep";
import { reconstructionPsnr, reconstructions, type Samples } from "./reconstructionPsnr";
import { codeLearningRate, codeNoiseAt, learningRate } from "./schedule";
import { type StartOptions, startingState } from "./startingState";

export interface TrainProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  imagesPerSecond: number;
  etaSeconds: number;
  psnr?: number;
}

export interface TrainOptions extends StartOptions {
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
  checkpointEverySeconds?: number;
  evalEverySeconds?: number;
  evalCount?: number;
  /** stop (after checkpointing) once this much training time has been spent in total */
  maxSeconds?: number;
  /** stop (after checkpointing) at this step: for tests and exact resumes */
  maxSteps?: number;
  onProgress?: (p: TrainProgress) => void;
  /** at each evaluation: the reconstructions of a few training portraits (sampleIndices) */
  onSamples?: (samples: Samples) => void | Promise<void>;
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

/** how many reconstructions onSamples is given */
const SAMPLE_COUNT = 6;

export const defaultEngine = (loss: TrainSettings["loss"]): GradientEngine => (loss === "mse" ? "onnx" : "tfjs");

export async function trainGlo(o: TrainOptions): Promise<TrainResult> {
  let s = o.settings;
  const { config } = s;
  const latent = config.latent;
  const checkpointDir = checkpointDirOf(o.workDir);
  const backend = o.backend ?? "wasm";
  const { data, settings } = await startingState(o, checkpointDir);
  s = settings;
  const st = data.state;
  if (s.lrSchedule === "cosine-time" && o.maxSeconds === undefined)
    throw new Error("the cosine-time learning-rate schedule needs a time budget (maxSeconds, --max-minutes)");
  if (s.freezeDecoder && s.codeNoise > 0)
    throw new Error(
      "a frozen decoder's codes are fitted to decode their portraits as they are: train it without --code-noise",
    );
  o.onLog?.(`decoder ${parameterCount(config)} weights; ${o.count} images; batch ${s.batch}; loss ${s.loss}`);
  const engine = o.engine ?? defaultEngine(s.loss);
  // evaluation runs between steps, while the onnx workers wait: all their threads
  const workers = o.workers ?? 1;
  const cpuThreads = engine === "onnx" && workers > 1 ? workers * (o.threads ?? 1) : o.threads;
  const gradients = await createGradientPool({
    config,
    loss: s.loss,
    engine,
    backend,
    workers,
    threads: o.threads,
    device: o.device,
    codesOnly: s.freezeDecoder,
    images: o.images,
    weightCount: data.weights.length,
  });
  const evalCount = Math.min(o.evalCount ?? 64, o.count);
  const evalIndices = Array.from({ length: evalCount }, (_, i) => Math.floor((i * o.count) / evalCount));
  // the portraits whose reconstructions a person watches: the first few of the evaluation's, spread over the set
  const sampleIndices = evalIndices.slice(0, Math.min(evalIndices.length, SAMPLE_COUNT));
  const evaluate = async () => {
    // ONNX Runtime on the CPU: the fastest decoder here, and independent of the training engine
    const decoder = await createDecoderRuntime(config, data.weights, { backend: "onnx-cpu", threads: cpuThreads });
    try {
      const psnr = await reconstructionPsnr(decoder, config, data.codes, o.images, evalIndices);
      if (o.onSamples) await o.onSamples(await reconstructions(decoder, config, data.codes, sampleIndices));
      return psnr;
    } finally {
      await decoder.dispose();
    }
  };
  const stepsPerEpoch = Math.ceil(o.count / s.batch);
  // a run of so many steps ends there (its schedule, progress and ETA count to them); else its epochs
  const totalSteps = s.steps ?? stepsPerEpoch * s.epochs;
  const done = () => s.steps !== undefined && st.step >= s.steps;
  const weightAdam = adamDefaults(s.lr);
  const codeAdam = adamDefaults(s.codeLr);
  const baseSeconds = st.seconds;
  const sessionStart = performance.now();
  // training time excludes evaluations and checkpoints: the PSNR curve and the time budget count steps only
  let offClockMs = 0;
  const elapsed = () => baseSeconds + (performance.now() - sessionStart - offClockMs) / 1000;
  const offClock = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      offClockMs += performance.now() - start;
    }
  };
  const before = s.initFrom ?? { seconds: 0, images: 0 };
  const historyPoint = async (loss: number | null): Promise<HistoryPoint> => ({
    step: st.step,
    epoch: st.epoch,
    images: before.images + st.step * s.batch,
    seconds: before.seconds + elapsed(),
    loss,
    psnr: await offClock(evaluate),
  });
  let lastCheckpoint = performance.now();
  let lastEval = performance.now();
  let imagesThisSession = 0;
  let lossEma = Number.NaN;
  let finished = false;
  const shouldStop = () =>
    (o.maxSeconds !== undefined && elapsed() >= o.maxSeconds) || (o.maxSteps !== undefined && st.step >= o.maxSteps);
  const checkpoint = async () => {
    st.seconds = elapsed();
    await offClock(() => saveCheckpoint(checkpointDir, data));
    lastCheckpoint = performance.now();
  };
  try {
    if (st.step === 0) st.history.push({ ...(await historyPoint(null)), seconds: before.seconds });
    while (st.epoch < s.epochs && !done()) {
      const order = epochOrder(o.count, s.seed, st.epoch);
      while (st.stepInEpoch < stepsPerEpoch) {
        const indices = order.slice(st.stepInEpoch * s.batch, (st.stepInEpoch + 1) * s.batch);
        const timeFraction = elapsed() / (o.maxSeconds ?? Number.POSITIVE_INFINITY);
        const alpha = codeNoiseAt(s, st.step, totalSteps, timeFraction);
        const codes = gatherRows(data.codes, indices, latent);
        // the spread of all codes now, once per step (a function of the state alone: resumes repeat it);
        // the noise is drawn for the whole batch before it is split between workers
        if (alpha > 0) addCodeNoise(codes, codeSpread(data.codes, o.count, latent), alpha, s.seed, st.step);
        const r = await gradients.compute(data.weights, indices, codes);
        if (!Number.isFinite(r.loss)) throw new Error(`loss became ${r.loss} at step ${st.step}`);
        st.step++;
        if (!s.freezeDecoder) {
          weightAdam.lr = learningRate(s, st.step, totalSteps, timeFraction);
          adamUpdate(weightAdam, st.step, data.weights, r.weightGrads, { m: data.weightM, v: data.weightV });
        }
        indices.forEach((row, j) => {
          const t = (data.codeSteps[row] ?? 0) + 1;
          data.codeSteps[row] = t;
          codeAdam.lr = codeLearningRate(s, t);
          adamUpdate(
            codeAdam,
            t,
            data.codes,
            r.codeGrads,
            { m: data.codeM, v: data.codeV },
            row * latent,
            latent,
            j * latent,
          );
          projectToBall(data.codes, latent, row);
        });
        st.stepInEpoch++;
        imagesThisSession += indices.length;
        lossEma = Number.isNaN(lossEma) ? r.loss : 0.95 * lossEma + 0.05 * r.loss;
        const secs = elapsed() - baseSeconds;
        const ips = imagesThisSession / Math.max(secs, 1e-9);
        const progress: TrainProgress = {
          step: st.step,
          totalSteps,
          epoch: st.epoch,
          loss: lossEma,
          imagesPerSecond: ips,
          // the steps left, or the time budget left when that ends the run first
          etaSeconds: Math.min(
            ((totalSteps - st.step) * s.batch) / Math.max(ips, 1e-9),
            (o.maxSeconds ?? Number.POSITIVE_INFINITY) - elapsed(),
          ),
        };
        if ((performance.now() - lastEval) / 1000 >= (o.evalEverySeconds ?? 300)) {
          const point = await historyPoint(lossEma);
          st.history.push(point);
          progress.psnr = point.psnr;
          o.onLog?.(
            `step ${st.step} epoch ${st.epoch} loss ${lossEma.toFixed(5)} psnr ${point.psnr?.toFixed(2)} dB at ${point.seconds.toFixed(0)} s, ${ips.toFixed(1)} img/s`,
          );
          lastEval = performance.now();
        }
        o.onProgress?.(progress);
        if ((performance.now() - lastCheckpoint) / 1000 >= (o.checkpointEverySeconds ?? 120)) await checkpoint();
        if (shouldStop() || done()) break;
      }
      if (shouldStop() || done()) break;
      st.epoch++;
      st.stepInEpoch = 0;
    }
    finished = s.steps === undefined ? st.epoch >= s.epochs : done();
    // a resumed run with no step left to take has no loss of its own
    st.history.push(await historyPoint(Number.isFinite(lossEma) ? lossEma : null));
    await checkpoint();
  } finally {
    await gradients.close();
  }
  return {
    settings: s,
    weights: data.weights,
    codes: data.codes,
    history: st.history,
    seconds: st.seconds,
    steps: st.step,
    finished,
  };
}
