/**
 * What a training run is asked to do (its settings) and what it records as it goes (its PSNR history): kept in
 * its checkpoints, and in the manifest of the model it writes.
 */
import { z } from "zod";
import { decoderConfigSchema } from "../decoder/architecture";

export const historyPointSchema = z.object({
  step: z.number(),
  epoch: z.number(),
  images: z.number(),
  seconds: z.number(),
  /** moving average of the training loss; null before the first step */
  loss: z.number().nullable(),
  psnr: z.number().optional(),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const trainSettingsSchema = z.object({
  config: decoderConfigSchema,
  epochs: z.number().int().positive(),
  batch: z.number().int().positive(),
  lr: z.number().positive(),
  codeLr: z.number().positive(),
  loss: z.enum(["mse", "lap1"]),
  seed: z.number().int(),
  codeInit: z.enum(["pca", "random"]),
  /**
   * decoder learning rate over the run: constant, cosine decay to 5% at the last step, or cosine decay
   * over the run's time budget (maxSeconds: for a machine lent for a fixed time, whatever its speed)
   */
  lrSchedule: z.enum(["constant", "cosine", "cosine-time"]).default("constant"),
  /**
   * Gaussian noise added to each code the decoder sees during training, per code dimension as this
   * fraction of that dimension's spread over all codes: the decoder learns to draw faces in the
   * neighbourhood of every code, not only at it, so faces sampled from the face space look like faces.
   */
  codeNoise: z.number().min(0).max(2).default(0),
  /** with a cosine schedule, the code noise decays like the learning rate to this by the run's end */
  codeNoiseFinal: z.number().min(0).max(2).optional(),
  /**
   * the share of each batch decoded from truncated codes (the leading components a random face draws, the
   * rest at the mean) and asked for its own portrait: see codeTruncation.ts
   */
  truncateCodes: z.number().min(0).max(1).default(0),
  /**
   * the share of each batch taken from random faces (drawn as the editor draws them), each trained towards the
   * training portrait it is paired with by nearness: see sampleMatching.ts
   */
  matchSamples: z.number().min(0).max(1).default(0),
  /** steps between two pools of matched random faces */
  matchEvery: z.number().int().positive().default(250),
  /**
   * the weight of an adversarial term: a discriminator learns to tell portraits from random faces (drawn as the
   * editor draws them) and the decoder learns to make random faces pass as portraits: see adversary.ts
   */
  adversarial: z.number().min(0).max(100).default(0),
  /** random faces (and as many portraits of the batch) the adversary sees each step */
  adversarialRows: z.number().int().min(1).max(64).default(4),
  /** "spectral": the discriminator's kernels are spectrally normalised (spectralNorm.ts) */
  adversarialNorm: z.enum(["none", "spectral"]).default("none"),
  /**
   * the decoder's weights stay as they are and only the codes learn: after a warm start, each portrait's code
   * fitted to the trained decoder (during joint training a code moves once an epoch, after a moving decoder)
   */
  freezeDecoder: z.boolean().default(false),
  /** a warm start: weights and codes taken from this trained model, whose time and images are counted in */
  initFrom: z.object({ model: z.string(), seconds: z.number(), images: z.number() }).optional(),
});
export type TrainSettings = z.infer<typeof trainSettingsSchema>;
