/**
 * What an admin may ask a training run for (the request, checked), and what each preset means: the
 * settings, limits and warm start a run is queued with.
 */
import { z } from "zod";
import type { ModelManifest } from "../model/artifact/manifest";
import type { TrainSettingsInput } from "../model/artifact/trainSettings";

/** The product's faces: 144×192, 80 numbers. */
const IMAGE = { height: 192, width: 144, latent: 80 } as const;
const DEFAULT_WIDTHS = [128, 128, 64, 32, 16];

export const trainRequestSchema = z
  .object({
    datasetId: z.string().min(1).max(40),
    preset: z.enum(["quick", "standard", "continue", "explicit"]),
    /** explicit settings (preset "explicit"): what differs from the defaults */
    epochs: z.number().int().min(1).max(10_000).optional(),
    /** explicit, or how long "continue" trains (120 min unless told) */
    minutes: z
      .number()
      .min(0.1)
      .max(24 * 60)
      .optional(),
    steps: z.number().int().min(1).max(10_000_000).optional(),
    widths: z.array(z.number().int().min(1).max(512)).min(2).max(5).optional(),
    batch: z.number().int().min(1).max(256).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
  })
  .strict();
export type TrainRequest = z.infer<typeof trainRequestSchema>;

export interface RunSettings {
  /** a training run's */
  settings?: TrainSettingsInput;
  /** a training run's warm start: the folder of the model it continues */
  initFrom?: string;
  /** a report run's: the version whose report it writes */
  report?: { version: string; modelDir: string };
  maxSeconds?: number;
  maxSteps?: number;
  /** the dataset job's: a synthetic set's size and seed, or an upload's folder */
  count?: number;
  seed?: number;
  name?: string;
  path?: string;
  /** a resumed run: the run whose folder (and checkpoint) it goes on in */
  resumes?: string;
}

/** How long "continue the active model" trains unless told: the shipped model's last stage passed its
 * starting PSNR only after 80 minutes here (its first minutes lose about 1.5 dB: docs/admin.md). */
const CONTINUE_MINUTES = 120;

/** "continue the active model": its own settings, from its weights and codes, on its own training set. */
export function continueSettings(r: TrainRequest, active: { dir: string; manifest: ModelManifest }): RunSettings {
  const { initFrom: _was, ...settings } = active.manifest.training.settings;
  return {
    settings: { ...settings, epochs: 10_000, lrSchedule: "cosine-time" },
    initFrom: active.dir,
    maxSeconds: (r.minutes ?? CONTINUE_MINUTES) * 60,
    maxSteps: r.steps,
  };
}

/** What a preset means: quick (a few minutes here), standard (about 2 h here), or the admin's own. */
export function runSettings(r: TrainRequest): RunSettings {
  const config = { kind: "upsample-conv" as const, ...IMAGE, widths: r.widths ?? DEFAULT_WIDTHS };
  if (r.preset === "quick")
    return {
      settings: { config: { ...config, widths: r.widths ?? [64, 64, 32, 16, 8] }, epochs: 10_000 },
      maxSeconds: 180,
    };
  if (r.preset === "standard")
    return { settings: { config, epochs: 10_000, lrSchedule: "cosine-time" }, maxSeconds: 7200 };
  return {
    settings: { config, epochs: r.epochs ?? 100, batch: r.batch, seed: r.seed },
    maxSeconds: r.minutes === undefined ? undefined : r.minutes * 60,
    maxSteps: r.steps,
  };
}
