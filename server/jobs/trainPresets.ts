/**
 * The run settings an admin's training request (lib/api/trainingApi.ts) is queued with: a preset's
 * (facemodel/artifact/trainPresets.ts), the active model's own to continue it, or the admin's; limits
 * and warm start included. And the presets as the page offers them.
 */
import type { ModelManifest } from "../../facemodel/artifact/manifest";
import { PRESETS, presetSettings } from "../../facemodel/artifact/trainPresets";
import { defaultDecoder, TRAIN_DEFAULTS } from "../../facemodel/artifact/trainSettings";
import { PRESET_NAMES, type PresetView, type TrainRequest } from "../../lib/api/trainingApi";
import type { RunRow } from "../db/RunStore";
import { type RunSettingsOf, settingsOfKind } from "./runSettings";

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

/** What a request queues: a preset's settings (quick or standard: their steps), or the admin's own. */
export function runSettings(r: TrainRequest): RunSettingsOf<"train"> {
  if (r.preset === "quick" || r.preset === "standard")
    return { kind: "train", preset: r.preset, settings: presetSettings(r.preset, r.widths) };
  return {
    kind: "train",
    settings: {
      config: defaultDecoder(r.widths),
      epochs: r.epochs ?? TRAIN_DEFAULTS.epochs,
      batch: r.batch,
      seed: r.seed,
    },
    maxSeconds: r.minutes === undefined ? undefined : r.minutes * 60,
    maxSteps: r.steps,
  };
}

/** The presets as the page shows them: with the minutes the last finished run of each took here. */
export function presetsHere(runs: readonly RunRow[]): PresetView[] {
  // each finished run's preset, its settings read once
  const finished = runs.flatMap((run) =>
    run.status === "finished" && run.startedAt && run.endedAt
      ? [{ run, preset: settingsOfKind(run, "train")?.preset }]
      : [],
  );
  return PRESET_NAMES.map((name) => {
    const last = finished.find((f) => f.preset === name)?.run;
    const minutes =
      last?.startedAt && last.endedAt ? (last.endedAt.getTime() - last.startedAt.getTime()) / 60_000 : null;
    return { name, ...PRESETS[name], lastRun: last && minutes !== null ? { id: last.id, minutes } : null };
  });
}
