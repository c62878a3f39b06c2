/**
 * A run's evaluation: the reconstruction PSNR of a fixed spread of its training portraits, and the
 * reconstructions of the first few of them for a person to watch. It decodes the weights and codes as they
 * are when it runs.
 */
import type { DecoderConfig } from "../../facemodel/decoder/architecture";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import type { CheckpointData } from "./checkpoint";
import { reconstructionPsnr, reconstructions, type Samples } from "./reconstructionPsnr";

/** how many reconstructions onSamples is given */
const SAMPLE_COUNT = 6;

export interface EvaluationOptions {
  config: DecoderConfig;
  data: CheckpointData;
  images: Uint8Array;
  count: number;
  /** how many portraits the PSNR is measured on (default 64) */
  evalCount?: number;
  /** the decoder's intra-op threads */
  threads?: number;
  /** at each evaluation: the reconstructions of a few training portraits (sampleIndices) */
  onSamples?: (samples: Samples) => void | Promise<void>;
}

/** The run's evaluation: each call returns the PSNR in dB, after handing the samples to onSamples. */
export function createEvaluation(o: EvaluationOptions): () => Promise<number> {
  const { config, data } = o;
  const evalCount = Math.min(o.evalCount ?? 64, o.count);
  const evalIndices = Array.from({ length: evalCount }, (_, i) => Math.floor((i * o.count) / evalCount));
  // the portraits whose reconstructions a person watches: the first few of the evaluation's, spread over the set
  const sampleIndices = evalIndices.slice(0, Math.min(evalIndices.length, SAMPLE_COUNT));
  return async () => {
    // ONNX Runtime on the CPU: the fastest decoder here, and independent of the training engine
    const decoder = await createDecoderRuntime(config, data.weights, { backend: "onnx-cpu", threads: o.threads });
    try {
      const psnr = await reconstructionPsnr(decoder, config, data.codes, o.images, evalIndices);
      if (o.onSamples) await o.onSamples(await reconstructions(decoder, config, data.codes, sampleIndices));
      return psnr;
    } finally {
      await decoder.dispose();
    }
  };
}
