/** A worker thread that computes gradients for its share of each batch (data-parallel training). */
import { parentPort, workerData } from "node:worker_threads";
import type { LossName } from "../decoder/losses";
import type { DecoderConfig } from "../decoder/architecture";
import type { TfBackendName } from "../decoder/tfBackend";
import { gatherRows } from "./batches";
import { createStep, type GradientEngine } from "./gradientPool";
import type { OnnxDevice } from "./onnxGradientStep";

interface Init {
  config: DecoderConfig;
  loss: LossName;
  engine: GradientEngine;
  backend: TfBackendName;
  /** the onnx engine: ORT intra-op threads of this worker's session, its device, and whether the decoder is frozen */
  threads: number;
  device: OnnxDevice;
  codesOnly: boolean;
  images: SharedArrayBuffer;
  weights: SharedArrayBuffer;
}
export interface WorkRequest {
  indices: number[];
  codes: Float32Array;
}

const init = workerData as Init;
const step = await createStep(
  init.engine,
  init.config,
  init.loss,
  init.backend,
  init.threads,
  init.device,
  init.codesOnly,
);
const images = new Uint8Array(init.images);
const weights = new Float32Array(init.weights);
const port = parentPort;
if (!port) throw new Error("gradientWorker must run in a worker thread");
port.on("message", async (req: WorkRequest) => {
  try {
    const targets = gatherRows(images, req.indices, init.config.height * init.config.width * 3);
    const r = await step({ weights, codes: req.codes, targets, batch: req.indices.length });
    // a frozen decoder's step returns one zero array it keeps: nothing to send (the pool has its own zeros)
    const weightGrads = init.codesOnly ? new Float32Array(0) : r.weightGrads;
    port.postMessage({ ok: true, loss: r.loss, weightGrads, codeGrads: r.codeGrads }, [
      weightGrads.buffer as ArrayBuffer,
      r.codeGrads.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    port.postMessage({ ok: false, error: error instanceof Error ? error.stack : String(error) });
  }
});
port.postMessage({ ready: true });
