/** The model artifact's manifest: what a models/<version>/ folder must contain, validated on load. */
import { z } from "zod";
import { decoderConfigSchema } from "../decoder/architecture";
import { historyPointSchema, recordedTrainSettingsSchema } from "./trainSettings";

export const MANIFEST_FILE = "manifest.json";
export const WEIGHTS_FILE = "weights.f16.bin";
export const CODES_FILE = "codes.f16.bin";
export const FACE_SPACE_FILE = "facespace.json";

const fileEntry = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });

export const componentLabelSchema = z.object({
  component: z.number().int().nonnegative(),
  label: z.string().min(1).max(80),
  /** the ground-truth factor it tracks and |r|, when labelled from a labelled dataset */
  factor: z.string().optional(),
  r: z.number().optional(),
});

export const holisticScaleSchema = z.object({
  factor: z.string().min(1).max(40),
  label: z.string().min(1).max(80),
  direction: z.array(z.number().finite()),
  r: z.number().min(-1).max(1),
});

/** A model's version: its folder's name under models/ (letters, digits, . _ -; at most 64). */
export const modelVersionSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, . _ - only, at most 64");

export const manifestSchema = z.object({
  format: z.literal("likeness-model/1"),
  version: modelVersionSchema,
  created: z.string(),
  architecture: decoderConfigSchema,
  image: z.object({ width: z.number().int(), height: z.number().int(), channels: z.literal(3) }),
  latent: z.number().int().positive(),
  parameters: z.number().int().positive(),
  flopsPerFace: z.number().positive(),
  weightsDtype: z.literal("float16"),
  dataset: z.object({
    id: z.string(),
    size: z.number().int().positive(),
    hash: z.string(),
    source: z.string().optional(),
  }),
  training: z.object({
    /** with the fields of trials no longer trained dropped, or refused when one was on (legacyTrials.ts) */
    settings: recordedTrainSettingsSchema,
    command: z.string().optional(),
    seconds: z.number().nonnegative(),
    steps: z.number().int().nonnegative(),
    backend: z.string(),
    /** CPU threads the gradient steps used: TF.js workers, or ONNX Runtime workers × intra-op threads each */
    workers: z.number().int().positive(),
    machine: z.string().optional(),
    history: z.array(historyPointSchema),
  }),
  metrics: z.object({
    /** mean reconstruction PSNR (dB) over the whole training set, float16 weights */
    trainPsnr: z.number(),
    meanImagePsnr: z.number().optional(),
    explainedVarianceTop10: z.number(),
    explainedVarianceTop20: z.number(),
  }),
  components: z.array(componentLabelSchema),
  /** holistic scales (facemodel/holisticScales.ts): only a model trained on a labelled set has them */
  scales: z.array(holisticScaleSchema).optional(),
  files: z.record(z.string(), fileEntry),
});
export type ModelManifest = z.infer<typeof manifestSchema>;

export const faceSpaceFileSchema = z
  .object({
    latent: z.number().int().positive(),
    mean: z.array(z.number()),
    components: z.array(z.number()),
    sigma: z.array(z.number().nonnegative()),
    explainedVarianceRatio: z.array(z.number().nonnegative()),
  })
  .refine(
    (f) =>
      f.mean.length === f.latent &&
      f.sigma.length === f.latent &&
      f.explainedVarianceRatio.length === f.latent &&
      f.components.length === f.latent * f.latent,
    { message: "face space arrays do not match its latent size" },
  );
