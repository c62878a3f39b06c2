/**
 * What a training run is asked to do (its settings) and what it records as it goes (its PSNR history): kept in
 * its checkpoints, and in the manifest of the model it writes.
 */
import { z } from "zod";
import { FACE_HEIGHT, FACE_WIDTH, LATENT_SIZE } from "../../lib/imageSize";
import { decoderConfigSchema } from "../decoder/architecture";
import { withoutLegacyTrials } from "./legacyTrials";

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

/** What a run does unless told otherwise; the training command's defaults too (scripts/trainCli.ts). */
export const TRAIN_DEFAULTS = {
  epochs: 100,
  batch: 16,
  lr: 0.001,
  codeLr: 0.01,
  loss: "mse",
  seed: 1,
  codeInit: "pca",
  lrSchedule: "constant",
  codeNoise: 0,
  freezeDecoder: false,
} as const;

/**
 * The decoder a run trains unless told otherwise: the product's faces (lib/imageSize.ts) through the
 * shipped model's widths; the training command's and the admin's presets' defaults (trainPresets.ts).
 */
export const DEFAULT_DECODER = {
  kind: "upsample-conv",
  latent: LATENT_SIZE,
  width: FACE_WIDTH,
  height: FACE_HEIGHT,
  widths: [128, 128, 64, 32, 16],
} as const;

/** The default decoder at other widths (`widths`; its own when none are given). */
export const defaultDecoder = (widths: readonly number[] = DEFAULT_DECODER.widths) => ({
  ...DEFAULT_DECODER,
  widths: [...widths],
});

export const trainSettingsSchema = z.object({
  /** the decoder a run trains: it places the run, so it has no default */
  config: decoderConfigSchema,
  epochs: z.number().int().positive().default(TRAIN_DEFAULTS.epochs),
  /** the run's length in steps, instead of its epochs: its schedule cools over them and it ends there */
  steps: z.number().int().positive().optional(),
  batch: z.number().int().positive().default(TRAIN_DEFAULTS.batch),
  lr: z.number().positive().default(TRAIN_DEFAULTS.lr),
  codeLr: z.number().positive().default(TRAIN_DEFAULTS.codeLr),
  loss: z.enum(["mse", "lap1"]).default(TRAIN_DEFAULTS.loss),
  seed: z.number().int().default(TRAIN_DEFAULTS.seed),
  codeInit: z.enum(["pca", "random"]).default(TRAIN_DEFAULTS.codeInit),
  /**
   * decoder learning rate over the run: constant, cosine decay to 5% at the last step, or cosine decay
   * over the run's time budget (maxSeconds: for a machine lent for a fixed time, whatever its speed)
   */
  lrSchedule: z.enum(["constant", "cosine", "cosine-time"]).default(TRAIN_DEFAULTS.lrSchedule),
  /**
   * Gaussian noise added to each code the decoder sees during training, per code dimension as this
   * fraction of that dimension's spread over all codes: the decoder learns to draw faces in the
   * neighbourhood of every code, not only at it, so faces sampled from the face space look like faces.
   */
  codeNoise: z.number().min(0).max(2).default(TRAIN_DEFAULTS.codeNoise),
  /** with a cosine schedule, the code noise decays like the learning rate to this by the run's end */
  codeNoiseFinal: z.number().min(0).max(2).optional(),
  /**
   * the decoder's weights stay as they are and only the codes learn: after a warm start, each portrait's code
   * fitted to the trained decoder (during joint training a code moves once an epoch, after a moving decoder)
   */
  freezeDecoder: z.boolean().default(TRAIN_DEFAULTS.freezeDecoder),
  /** a warm start: weights and codes taken from this trained model, whose time and images are counted in */
  initFrom: z.object({ model: z.string(), seconds: z.number(), images: z.number() }).optional(),
});
export type TrainSettings = z.output<typeof trainSettingsSchema>;
/** Settings as a caller gives them: the decoder, and whatever differs from TRAIN_DEFAULTS. */
export type TrainSettingsInput = z.input<typeof trainSettingsSchema>;

/** A run's settings from what the caller changes; the rest are TRAIN_DEFAULTS. Throws on an invalid value. */
export const trainSettings = (given: TrainSettingsInput): TrainSettings => trainSettingsSchema.parse(given);

/**
 * Settings as a manifest or a checkpoint records them: those written before the trials that were not kept
 * were removed read as well, or are refused when they had one switched on (legacyTrials.ts).
 */
export const recordedTrainSettingsSchema = z.preprocess(withoutLegacyTrials, trainSettingsSchema);
