/**
 * Computes a batch's gradient on N worker threads (each its own TF.js instance on one core, or its own
 * ONNX Runtime session with `threads` intra-op threads) or in this thread; parts are combined as the
 * gradient of the whole batch's mean loss.
 */
import type { DecoderConfig } from "../../facemodel/decoder/architecture";
import { initTf, type TfBackendName } from "../../facemodel/decoder/tfBackend";
import { WorkerChannel } from "../../facemodel/runtime/workerChannel";
import { siblingModule } from "../../facemodel/runtime/workerSource";
import type { LossName } from "../decoder/losses";
import { gatherRows, splitBatch } from "./batches";
import { createCudaGradientStep } from "./cudaGradientStep";
import { createGradientStep, type GradientResult, type GradientStep } from "./gradientStep";
import { createOnnxGradientStep, type OnnxDevice } from "./onnxGradientStep";

export interface GradientPool {
  /**
   * The batch's gradient. `codes` holds one row per index, in the same order (each worker gets the rows
   * of its part). Weights are read during the call; the caller must not change them until it resolves.
   */
  compute(weights: Float32Array, indices: number[], codes: Float32Array): Promise<GradientResult>;
  close(): Promise<void>;
}

/**
 * 'onnx': ONNX Runtime's CPU kernels (MSE only, fastest here); 'tfjs': TF.js on `backend` (any loss, any TF.js
 * device); 'cuda': the project's CUDA addon on an NVIDIA GPU (MSE only).
 */
export type GradientEngine = "onnx" | "tfjs" | "cuda";

export interface PoolOptions {
  config: DecoderConfig;
  loss: LossName;
  engine?: GradientEngine;
  backend: TfBackendName;
  /**
   * Data-parallel worker threads (tfjs: one core each; onnx: `threads` intra-op threads each). With 1 the
   * step runs in this thread (onnx with `threads` intra-op threads).
   */
  workers: number;
  threads?: number;
  /** where the onnx engine runs: ONNX Runtime's CPU kernels or its WebGPU provider (a GPU) */
  device?: OnnxDevice;
  /** the decoder is frozen: the onnx engine skips the weights' gradients (the tfjs engine computes them anyway) */
  codesOnly?: boolean;
  images: Uint8Array;
  weightCount: number;
}

/** A worker's share of a batch: its rows' indices in the training set, and their codes. */
export interface WorkRequest {
  indices: number[];
  codes: Float32Array;
}

/** What a worker starts with: its gradient function's options, and the images and weights it shares. */
export interface WorkerInit {
  step: StepOptions;
  images: SharedArrayBuffer;
  weights: SharedArrayBuffer;
}

/** What one gradient function needs: the same in this thread and in each worker (its workerData). */
export type StepOptions = Required<
  Pick<PoolOptions, "config" | "loss" | "engine" | "backend" | "threads" | "device" | "codesOnly">
>;

/** A gradient function on the chosen engine, in this thread. */
export async function createStep(o: StepOptions): Promise<GradientStep> {
  if (o.engine === "onnx") return createOnnxGradientStep(o.config, o.loss, o.threads, o.device, o.codesOnly);
  if (o.engine === "cuda") return createCudaGradientStep(o.config, o.loss);
  await initTf(o.backend);
  return createGradientStep(o.config, o.loss);
}

/** A pool on `o.workers` worker threads, or this thread alone when that is 1 or fewer. */
export async function createGradientPool(o: PoolOptions): Promise<GradientPool> {
  const stepOptions: StepOptions = {
    config: o.config,
    loss: o.loss,
    engine: o.engine ?? "tfjs",
    backend: o.backend,
    threads: o.threads ?? 1,
    device: o.device ?? "cpu",
    codesOnly: o.codesOnly ?? false,
  };
  return o.workers <= 1 ? inThreadPool(o, stepOptions) : workerPool(o, stepOptions);
}

/** One gradient function in this thread, over the whole batch. */
async function inThreadPool(o: PoolOptions, stepOptions: StepOptions): Promise<GradientPool> {
  const imageBytes = o.config.height * o.config.width * 3;
  const step = await createStep(stepOptions);
  return {
    compute: (weights, indices, codes) =>
      step({
        weights,
        codes,
        targets: gatherRows(o.images, indices, imageBytes),
        batch: indices.length,
      }),
    close: () => step.release(),
  };
}

type GradientWorker = WorkerChannel<WorkRequest, GradientResult>;

/** Each worker a part of the batch, the weights shared with all of them and written before each batch. */
async function workerPool(o: PoolOptions, stepOptions: StepOptions): Promise<GradientPool> {
  const weightsShared = new SharedArrayBuffer(o.weightCount * 4);
  const sharedWeights = new Float32Array(weightsShared);
  const workers = await startWorkers(o, stepOptions, weightsShared);
  // a frozen decoder's weight gradient: zeros, allocated once (its workers send none; nothing updates frozen weights)
  const frozenWeightGrads = o.codesOnly ? new Float32Array(o.weightCount) : undefined;
  return {
    async compute(weights, indices, codes) {
      sharedWeights.set(weights);
      const parts = splitBatch(indices, workers.length);
      const results = await Promise.all(
        partRequests(parts, codes, o.config.latent).map((request, i) =>
          (workers[i] as GradientWorker).request(request),
        ),
      );
      // the gradient of the whole batch's mean loss: each part's weighted by its share of the rows
      const shares = parts.map((part) => part.length / indices.length);
      const weightGrads = frozenWeightGrads ?? sumWeightGrads(results, shares, weights.length);
      const codeGrads = joinCodeGrads(results, shares, indices.length * o.config.latent);
      return { loss: results.reduce((sum, r, i) => sum + r.loss * (shares[i] as number), 0), weightGrads, codeGrads };
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** `o.workers` workers, each ready; when one fails to start, all are closed and its error thrown. */
async function startWorkers(
  o: PoolOptions,
  stepOptions: StepOptions,
  weightsShared: SharedArrayBuffer,
): Promise<GradientWorker[]> {
  const imagesShared = new SharedArrayBuffer(o.images.byteLength);
  new Uint8Array(imagesShared).set(o.images);
  // a worker that fails or exits, now or while idle, fails its pending and every later request (no hang)
  const workers = Array.from(
    { length: o.workers },
    (): GradientWorker =>
      new WorkerChannel(siblingModule("gradientWorker", import.meta.url), "gradient worker", {
        step: stepOptions,
        images: imagesShared,
        weights: weightsShared,
      } satisfies WorkerInit),
  );
  const failed = (await Promise.allSettled(workers.map((w) => w.ready))).find((r) => r.status === "rejected");
  if (failed) {
    await Promise.all(workers.map((w) => w.close()));
    throw failed.reason;
  }
  return workers;
}

/** Each part's request: parts are contiguous slices of the batch, so their codes are contiguous rows too. */
function partRequests(parts: number[][], codes: Float32Array, latent: number): WorkRequest[] {
  let start = 0;
  return parts.map((part) => {
    const rows = codes.slice(start * latent, (start + part.length) * latent);
    start += part.length;
    return { indices: part, codes: rows };
  });
}

/** The parts' weight gradients summed, each scaled by its share. */
function sumWeightGrads(results: GradientResult[], shares: number[], length: number): Float32Array {
  const out = new Float32Array(length);
  results.forEach((r, i) => {
    const share = shares[i] as number;
    for (let k = 0; k < length; k++) out[k] = (out[k] as number) + share * (r.weightGrads[k] as number);
  });
  return out;
}

/** The parts' code gradients one after another (the batch's rows in order), each scaled by its share. */
function joinCodeGrads(results: GradientResult[], shares: number[], length: number): Float32Array {
  const out = new Float32Array(length);
  let row = 0;
  results.forEach((r, i) => {
    const share = shares[i] as number;
    for (let k = 0; k < r.codeGrads.length; k++) out[row + k] = share * (r.codeGrads[k] as number);
    row += r.codeGrads.length;
  });
  return out;
}
