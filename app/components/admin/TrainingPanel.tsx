"use client";

/**
 * Datasets and training runs: make a synthetic set, start a run from a preset, follow it (progress, loss
 * and PSNR chart, reconstruction samples, log), cancel or resume it; report runs write a version's report. The page asks for the runs every two seconds: what it shows
 * survives a reload and is the same on every admin's page.
 */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { POLL_HEADER } from "../../../lib/api/adminApi";
import type {
  DatasetView,
  PresetView,
  RejectedFile,
  RunView,
  SyntheticRequest,
  TrainRequest,
  UploadResponse,
} from "../../../lib/api/trainingApi";
import { RunCard } from "./RunCard";

const minutesOf = (p: PresetView) =>
  p.lastRun ? `${Math.max(1, Math.round(p.lastRun.minutes))} min here last time` : `about ${p.minutesHere} min here`;

const POLL: RequestInit = { headers: { [POLL_HEADER]: "1" } };

type Call = (path: string, init?: RequestInit) => Promise<unknown>;

export function TrainingPanel({ call, onModels }: { call: Call; onModels(): void }) {
  const [datasets, setDatasets] = useState<DatasetView[]>([]);
  const [runs, setRuns] = useState<RunView[]>([]);
  const [name, setName] = useState("Synthetic yearbook");
  const [count, setCount] = useState(500);
  // seed 1 and 2,000 portraits: the shipped model's own training set
  const [seed, setSeed] = useState(1);
  const [dataset, setDataset] = useState("");
  const [preset, setPreset] = useState<TrainRequest["preset"]>("quick");
  const [minutes, setMinutes] = useState(120);
  const [error, setError] = useState<string | null>(null);
  const [rejected, setRejected] = useState<RejectedFile[]>([]);
  const [files, setFiles] = useState<FileList | null>(null);
  const [presets, setPresets] = useState<PresetView[]>([]);

  const refresh = useCallback(
    async (init?: RequestInit) => {
      setDatasets((await call("/api/admin/datasets", init)) as DatasetView[]);
      setRuns((await call("/api/admin/runs", init)) as RunView[]);
    },
    [call],
  );
  useEffect(() => {
    void refresh().catch((e: unknown) => setError((e as Error).message));
    void call("/api/admin/presets")
      .then((p) => setPresets(p as PresetView[]))
      .catch(() => {});
    // timed refreshes say so: they do not keep an unattended session from going idle
    const timer = setInterval(() => void refresh(POLL).catch(() => {}), 2000);
    return () => clearInterval(timer);
  }, [refresh, call]);
  const finished = runs.filter((r) => r.modelVersion || (r.kind === "report" && r.status === "finished")).length;
  // a finished run brings a new model version, or a version's report
  // biome-ignore lint/correctness/useExhaustiveDependencies: the count of finished runs is the trigger
  useEffect(() => onModels(), [finished]);

  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work()
      .then(() => refresh())
      .catch((e: unknown) => setError((e as Error).message));
  };
  const makeSet = (e: FormEvent) => {
    e.preventDefault();
    act(() =>
      call("/api/admin/datasets/synthetic", {
        method: "POST",
        body: JSON.stringify({ name, count, seed } satisfies SyntheticRequest),
      }),
    );
  };
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!files || files.length === 0) return;
    const body = new FormData();
    body.set("name", name);
    for (const f of Array.from(files)) body.append("files", f, f.name);
    act(async () => {
      const answer = (await call("/api/admin/datasets/upload", { method: "POST", body })) as UploadResponse;
      setRejected(answer.rejected);
    });
  };
  const train = (e: FormEvent) => {
    e.preventDefault();
    const datasetId = dataset || datasets[0]?.id;
    if (!datasetId) return;
    const request: TrainRequest = { datasetId, preset, ...(preset === "continue" ? { minutes } : {}) };
    act(() => call("/api/admin/runs", { method: "POST", body: JSON.stringify(request) }));
  };

  return (
    <section aria-label="Training">
      <h2>Datasets</h2>
      <form onSubmit={makeSet} className="toolbar">
        <input type="text" aria-label="Dataset name" value={name} onChange={(e) => setName(e.target.value)} />
        <input
          type="number"
          aria-label="Portraits"
          min={16}
          max={5000}
          value={count}
          onChange={(e) => setCount(Number(e.target.value))}
        />
        <input type="number" aria-label="Seed" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        <button type="submit">Make a synthetic set</button>
      </form>
      <form onSubmit={upload} className="toolbar">
        <input
          type="file"
          multiple
          accept=".zip,.jpg,.jpeg,.png,.webp"
          aria-label="Portraits to upload (one zip, or images)"
          onChange={(e) => setFiles(e.target.files)}
        />
        <button type="submit" disabled={!files || files.length === 0}>
          Upload portraits
        </button>
      </form>
      {rejected.length > 0 && (
        <ul className="status offline" aria-label="Refused files">
          {rejected.map((r) => (
            <li key={r.name}>
              {r.name}: {r.reason}
            </li>
          ))}
        </ul>
      )}
      <ul>
        {datasets.map((d) => (
          <li key={d.id}>
            {d.name}: {d.count} portraits ({d.source}){" "}
            <button type="button" onClick={() => act(() => call(`/api/admin/datasets/${d.id}`, { method: "DELETE" }))}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <h2>Training runs</h2>
      <form onSubmit={train} className="toolbar">
        <select aria-label="Dataset" value={dataset} onChange={(e) => setDataset(e.target.value)}>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.count})
            </option>
          ))}
        </select>
        <select
          aria-label="Preset"
          value={preset}
          onChange={(e) => setPreset(e.target.value as TrainRequest["preset"])}
        >
          {presets.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}: {p.steps.toLocaleString()} steps ({minutesOf(p)})
            </option>
          ))}
          <option value="continue">continue the active model (on its own training set)</option>
        </select>
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
      {presets.find((p) => p.name === preset) && (
        <p className="status">{presets.find((p) => p.name === preset)?.expect}</p>
      )}
      {error && <p role="alert">{error}</p>}
      {runs.map((r) => (
        <RunCard key={r.id} r={r} onAction={(path) => act(() => call(path, { method: "POST" }))} />
      ))}
    </section>
  );
}
