/** Turns a finished training run into a model artifact: face space, metrics, component labels, files. */
import { cpus } from "node:os";
import { basename } from "node:path";
import type { ModelManifest } from "../../facemodel/artifact/manifest";
import { saveModel } from "../../facemodel/artifact/modelArtifact";
import { componentFactors, labelComponents } from "../../facemodel/componentFactors";
import { flopsPerFace } from "../../facemodel/decoder/architecture";
import { heldComponents } from "../../facemodel/heldComponents";
import { holisticScales } from "../../facemodel/holisticScales";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import { packHalf, unpackHalf } from "../../lib/float16";
import { fitFaceSpace } from "../faceSpaceFit";
import type { TrainResult } from "./gloTrainer";
import { psnr } from "./reconstructionPsnr";

export interface FinishOptions {
  dir: string;
  /** the run: its settings (as a resumed run has them), weights, codes and history */
  result: TrainResult;
  images: Uint8Array;
  count: number;
  datasetHash: string;
  datasetSource?: string;
  /** ground-truth factors per image (synthetic yearbook), to label components */
  factors?: Record<string, number>[];
  command?: string;
  workers: number;
  backend: string;
  onLog?: (line: string) => void;
}

/** Mean PSNR of predicting every image by the dataset's mean image: the floor any model must beat. */
export function meanImagePsnr(images: Uint8Array, count: number, imageSize: number): number {
  const mean = new Float32Array(imageSize);
  for (let n = 0; n < count; n++)
    for (let i = 0; i < imageSize; i++)
      mean[i] = (mean[i] as number) + (images[n * imageSize + i] as number) / 255 / count;
  const tiled = new Float32Array(imageSize * count);
  for (let n = 0; n < count; n++) tiled.set(mean, n * imageSize);
  return psnr(tiled, images, imageSize, count);
}

/** Decodes every training image's code with the float16-rounded weights, as shipped. */
async function trainingSetPsnr(o: FinishOptions, weights16: Float32Array): Promise<number> {
  const { config } = o.result.settings;
  const runtime = await createDecoderRuntime(config, weights16, { backend: "onnx-cpu" });
  const imageSize = config.height * config.width * 3;
  const codes16 = unpackHalf(packHalf(o.result.codes));
  try {
    let sum = 0;
    const batch = 32;
    for (let i = 0; i < o.count; i += batch) {
      const n = Math.min(batch, o.count - i);
      const images = await runtime.decode(codes16.subarray(i * config.latent, (i + n) * config.latent), n);
      sum += psnr(images, o.images.subarray(i * imageSize, (i + n) * imageSize), imageSize, n) * n;
    }
    return sum / o.count;
  } finally {
    await runtime.dispose();
  }
}

export async function finishModel(o: FinishOptions): Promise<ModelManifest> {
  const { config } = o.result.settings;
  const space = fitFaceSpace(o.result.codes, o.count, config.latent);
  const weights16 = unpackHalf(packHalf(o.result.weights));
  const trainPsnr = await trainingSetPsnr(o, weights16);
  const imageSize = config.height * config.width * 3;
  const baseline = meanImagePsnr(o.images, o.count, imageSize);
  o.onLog?.(`training-set PSNR ${trainPsnr.toFixed(2)} dB (mean image ${baseline.toFixed(2)} dB)`);
  const cumulative = (k: number) => Array.from(space.explainedVarianceRatio.subarray(0, k)).reduce((a, b) => a + b, 0);
  const components = o.factors ? labelComponents(componentFactors(space, o.result.codes, o.factors, 20)) : [];
  const version = basename(o.dir);
  return saveModel(
    o.dir,
    {
      version,
      created: new Date().toISOString(),
      architecture: config,
      image: { width: config.width, height: config.height, channels: 3 },
      latent: config.latent,
      flopsPerFace: flopsPerFace(config),
      dataset: { id: o.datasetHash.slice(0, 12), size: o.count, hash: o.datasetHash, source: o.datasetSource },
      training: {
        settings: o.result.settings,
        command: o.command,
        seconds: o.result.seconds,
        steps: o.result.steps,
        backend: o.backend,
        workers: o.workers,
        machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
        history: o.result.history,
      },
      metrics: {
        trainPsnr,
        meanImagePsnr: baseline,
        explainedVarianceTop10: cumulative(10),
        explainedVarianceTop20: cumulative(20),
      },
      components,
      // holistic scales need the factors; a set of photos has none
      scales: o.factors ? holisticScales(space, o.result.codes, o.factors, heldComponents(components)) : undefined,
    },
    o.result.weights,
    o.result.codes,
    space,
  );
}
