/**
 * What an admin may ask a training run for (the request, checked), and what each preset means: the
 * settings, limits and warm start a run is queued with.
 */
import { z } from "zod";
import type { ModelManifest } from "../../facemodel/artifact/manifest";
import type { RunRow } from "../db/RunStore";
import { type RunSettingsOf, settingsOfKind } from "./runSettings";

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

/** How long "continue the active model" trains unless told: the shipped model's last stage passed its
 * starting PSNR only after 80 minutes here (its first minutes lose about 1.5 dB: docs/admin.md). */
const CONTINUE_MINUTES = 120;

/** "continue the active model": its own settings, from its weights and codes, on its own training set. */
export function continueSettings(
  r: TrainRequest,
  active: { dir: string; manifest: ModelManifest },
): RunSettingsOf<"train"> {
  const { initFrom: _was, ...settings } = active.manifest.training.settings;
  return {
    kind: "train",
    settings: { ...settings, epochs: 10_000, lrSchedule: "cosine-time" },
    initFrom: active.dir,
    maxSeconds: (r.minutes ?? CONTINUE_MINUTES) * 60,
    maxSteps: r.steps,
  };
}

/**
 * The presets end on their work, not on the clock: a busy machine takes longer, never trains less.
 * `minutesHere` and `expect` come from runs measured on the 2-core machine (docs/admin.md); the page
 * shows them, and the time a finished run of the preset took on this machine when there is one.
 */
export const PRESETS = {
  quick: {
    steps: 400,
    widths: [64, 64, 32, 16, 8],
    minutesHere: 2,
    expect:
      "a smoke test of the data and the pipeline: blurred faces (17.6 dB on 400 synthetic portraits here), never a model to activate",
  },
  standard: {
    steps: 10_000,
    widths: DEFAULT_WIDTHS,
    minutesHere: 130,
    expect:
      "a usable model: about 21.9 dB on the 2,000-portrait synthetic yearbook (the shipped model's first stage; it went on to 24.8 dB over 16 more)",
  },
} as const;

/** What a preset means: quick or standard (their steps), or the admin's own settings. */
export function runSettings(r: TrainRequest): RunSettingsOf<"train"> {
  const config = { kind: "upsample-conv" as const, ...IMAGE, widths: r.widths ?? DEFAULT_WIDTHS };
  if (r.preset === "quick" || r.preset === "standard") {
    const preset = PRESETS[r.preset];
    return {
      kind: "train",
      preset: r.preset,
      // the run is its steps: the schedule cools over them and it ends there
      settings: {
        config: { ...config, widths: r.widths ?? [...preset.widths] },
        epochs: 10_000,
        steps: preset.steps,
        lrSchedule: "cosine",
      },
    };
  }
  return {
    kind: "train",
    settings: { config, epochs: r.epochs ?? 100, batch: r.batch, seed: r.seed },
    maxSeconds: r.minutes === undefined ? undefined : r.minutes * 60,
    maxSteps: r.steps,
  };
}

/** The presets as the page shows them: with the minutes the last finished run of each took here. */
export function presetsHere(runs: readonly RunRow[]) {
  return (Object.keys(PRESETS) as (keyof typeof PRESETS)[]).map((name) => {
    const last = runs.find(
      (r) => r.status === "finished" && r.startedAt && r.endedAt && settingsOfKind(r, "train")?.preset === name,
    );
    const minutes =
      last?.startedAt && last.endedAt ? (last.endedAt.getTime() - last.startedAt.getTime()) / 60_000 : null;
    return { name, ...PRESETS[name], lastRun: last && minutes !== null ? { id: last.id, minutes } : null };
  });
}
