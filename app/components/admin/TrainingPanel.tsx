"use client";

/**
 * Datasets and training runs: make a synthetic set or upload one, start a run from a preset, follow it
 * (progress, loss and PSNR chart, reconstruction samples, log), cancel or resume it; report runs write a
 * version's report. The runs are asked for every two seconds (useTrainingRuns): what the panel shows
 * survives a reload and is the same on every admin's page.
 */
import { useState } from "react";
import type { Call } from "./adminCall";
import { RunCard } from "./RunCard";
import { SyntheticSetForm } from "./SyntheticSetForm";
import { TrainForm } from "./TrainForm";
import { UploadForm } from "./UploadForm";
import { useTrainingRuns } from "./useTrainingRuns";

export function TrainingPanel({ call, onModels }: { call: Call; onModels(): void }) {
  const { datasets, runs, presets, error, send } = useTrainingRuns(call, onModels);
  /** the name of the next dataset, made or uploaded */
  const [name, setName] = useState("Synthetic yearbook");
  return (
    <section aria-label="Training">
      <h2>Datasets</h2>
      <SyntheticSetForm name={name} onName={setName} send={send} />
      <UploadForm name={name} send={send} />
      <ul>
        {datasets.map((d) => (
          <li key={d.id}>
            {d.name}: {d.count} portraits ({d.source}){" "}
            <button type="button" onClick={() => send(`/api/admin/datasets/${d.id}`, { method: "DELETE" })}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <h2>Training runs</h2>
      <TrainForm datasets={datasets} presets={presets} send={send} />
      {error && <p role="alert">{error}</p>}
      {runs.map((r) => (
        <RunCard key={r.id} r={r} onAction={(path) => send(path, { method: "POST" })} />
      ))}
    </section>
  );
}
