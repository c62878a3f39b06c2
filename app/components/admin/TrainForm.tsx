"use client";

/**
 * Starts a training run: the dataset (the newest unless chosen), the preset, and for going on with the
 * active model how many minutes; below it, what the chosen preset is expected to give.
 */
import { type FormEvent, useState } from "react";
import type { DatasetView, PresetView, TrainRequest } from "../../../lib/api/trainingApi";
import { PresetSelect } from "./PresetSelect";
import type { Send } from "./useTrainingRuns";

export function TrainForm({ datasets, presets, send }: { datasets: DatasetView[]; presets: PresetView[]; send: Send }) {
  const [dataset, setDataset] = useState("");
  const [preset, setPreset] = useState<TrainRequest["preset"]>("quick");
  const [minutes, setMinutes] = useState(120);
  const train = (e: FormEvent) => {
    e.preventDefault();
    const datasetId = dataset || datasets[0]?.id;
    if (!datasetId) return;
    const request: TrainRequest = { datasetId, preset, ...(preset === "continue" ? { minutes } : {}) };
    send("/api/admin/runs", { method: "POST", body: JSON.stringify(request) });
  };
  const chosen = presets.find((p) => p.name === preset);
  return (
    <>
      <form onSubmit={train} className="toolbar">
        <select aria-label="Dataset" value={dataset} onChange={(e) => setDataset(e.target.value)}>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.count})
            </option>
          ))}
        </select>
        <PresetSelect presets={presets} preset={preset} onPreset={setPreset} />
        {preset === "continue" && (
          <label>
            for{" "}
            <input
              type="number"
              aria-label="Minutes"
              min={1}
              max={1440}
              value={minutes}
              onChange={(e) => setMinutes(Number(e.target.value))}
            />{" "}
            min
          </label>
        )}
        <button type="submit" disabled={datasets.length === 0}>
          Start training
        </button>
      </form>
      {chosen && <p className="status">{chosen.expect}</p>}
    </>
  );
}
