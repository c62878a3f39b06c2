/** A worker thread that computes gradients for its share of each batch (data-parallel training). */
import { workerData } from "node:worker_threads";
import { serveRequests } from "../../facemodel/runtime/workerChannel";
import { gatherRows } from "./batches";
import { createStep, type WorkerInit, type WorkRequest } from "./gradientPool";
import type { GradientResult, GradientStep } from "./gradientStep";

const init = workerData as WorkerInit;
const { config, codesOnly } = init.step;
const images = new Uint8Array(init.images);
const weights = new Float32Array(init.weights);
await serveRequests<WorkRequest, GradientResult, GradientStep>(
  async () => ({ state: await createStep(init.step), ready: null }),
  async (req, step) => {
    const targets = gatherRows(images, req.indices, config.height * config.width * 3);
    const r = await step({ weights, codes: req.codes, targets, batch: req.indices.length });
    // a frozen decoder's step returns one zero array it keeps: nothing to send (the pool has its own zeros)
    return { loss: r.loss, weightGrads: codesOnly ? new Float32Array(0) : r.weightGrads, codeGrads: r.codeGrads };
  },
  (r) => [r.weightGrads.buffer as ArrayBuffer, r.codeGrads.buffer as ArrayBuffer],
);
