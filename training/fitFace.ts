/**
 * Fits a face to a trained model: the code whose decoding comes closest to a portrait, with the decoder
 * frozen (GLO's own code optimisation, on one image), then read as slider values. "Start from a photo"
 * uses it; so will re-projecting a room's face into another model version.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadedModel } from "../facemodel/artifact/modelArtifact";
import { trainSettings } from "../facemodel/artifact/trainSettings";
import { createDecoderRuntime } from "../facemodel/runtime/createRuntime";
import { codeToSliders, slidersToCode } from "../lib/faceSpace";
import { SLIDER_LIMIT } from "../lib/roomDocument";
import { trainGlo } from "./train/gloTrainer";
import { reconstructionPsnr } from "./train/reconstructionPsnr";

export interface FaceFit {
  sliders: number[];
  /** PSNR (dB) of the fitted face against the portrait */
  psnr: number;
  /** and of the face the fit started from (the sliders given, or the mean face) */
  startPsnr: number;
}

/** `image`: the portrait at the model's size (height × width × 3 bytes); `start`: sliders to start from. */
export async function fitFace(
  model: LoadedModel,
  image: Uint8Array,
  o: { steps?: number; start?: ArrayLike<number> } = {},
): Promise<FaceFit> {
  const config = model.manifest.architecture;
  const startSliders = o.start ?? new Float64Array(config.latent);
  const code = slidersToCode(model.faceSpace, startSliders);
  const workDir = await mkdtemp(join(tmpdir(), "likeness-fit-"));
  const decoder = await createDecoderRuntime(config, model.weights, { backend: "onnx-cpu", threads: 1 });
  const psnrOf = (codes: Float32Array) => reconstructionPsnr(decoder, config, codes, image, [0], 1);
  try {
    const startPsnr = await psnrOf(code);
    const steps = o.steps ?? 300;
    const result = await trainGlo({
      settings: trainSettings({ config, epochs: steps, batch: 1, codeLr: 0.02, freezeDecoder: true }),
      images: image,
      count: 1,
      datasetHash: "a portrait to fit",
      workDir,
      init: { weights: model.weights, codes: code, history: [] },
      maxSteps: steps,
      evalEverySeconds: 1e9,
      checkpointEverySeconds: 1e9,
    });
    const sliders = Array.from(
      codeToSliders(model.faceSpace, result.codes),
      (v) => Math.round(Math.max(-SLIDER_LIMIT, Math.min(SLIDER_LIMIT, v)) * 1000) / 1000,
    );
    return { sliders, psnr: await psnrOf(slidersToCode(model.faceSpace, sliders)), startPsnr };
  } finally {
    await decoder.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
