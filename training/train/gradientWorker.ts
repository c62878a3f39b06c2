/** A worker thread that computes gradients for its share of each batch (data-parallel training). */
import { parentPort, workerData } from "node:worker_threads";
import { gatherRows } from "./batches";
import { createStep, type StepOptions } from "./gradientPool";

interface Init {
  step: StepOptions;
  images: SharedArrayBuffer;
  weights: SharedArrayBuffer;
}
export interface WorkRequest {
  indices: number[];
  codes: Float32Array;
}

const init = workerData as Init;
const { config, codesOnly } = init.step;
const step = await createStep(init.step);
const images = new Uint8Array(init.images);
const weights = new Float32Array(init.weights);
const port = parentPort;
if (!port) throw new Error("gradientWorker must run in a worker thread");
port.on("message", async (req: WorkRequest) => {
  try {
    const targets = gatherRows(images, req.indices, config.height * config.width * 3);
    const r = await step({ weights, codes: req.codes, targets, batch: req.indices.length });
    // a frozen decoder's step returns one zero array it keeps: nothing to send (the pool has its own zeros)
    const weightGrads = codesOnly ? new Float32Array(0) : r.weightGrads;
    port.postMessage({ ok: true, loss: r.loss, weightGrads, codeGrads: r.codeGrads }, [
      weightGrads.buffer as ArrayBuffer,
      r.codeGrads.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    port.postMessage({ ok: false, error: error instanceof Error ? error.stack : String(error) });
  }
});
port.postMessage({ ready: true });
