"use client";

/**
 * Chooses how a training run trains: a preset (its steps, and how long it took here), or going on with the
 * active model.
 */
import type { PresetView, TrainRequest } from "../../../lib/api/trainingApi";

const minutesOf = (p: PresetView) =>
  p.lastRun ? `${Math.max(1, Math.round(p.lastRun.minutes))} min here last time` : `about ${p.minutesHere} min here`;

export function PresetSelect({
  presets,
  preset,
  onPreset,
}: {
  presets: PresetView[];
  preset: TrainRequest["preset"];
  onPreset(preset: TrainRequest["preset"]): void;
}) {
  return (
    <select aria-label="Preset" value={preset} onChange={(e) => onPreset(e.target.value as TrainRequest["preset"])}>
      {presets.map((p) => (
        <option key={p.name} value={p.name}>
          {p.name}: {p.steps.toLocaleString()} steps ({minutesOf(p)})
        </option>
      ))}
      <option value="continue">continue the active model (on its own training set)</option>
    </select>
  );
}
