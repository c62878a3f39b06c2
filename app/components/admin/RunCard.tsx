"use client";

/**
 * One run on the admin page: its kind, status and progress (training steps only; the time left while it
 * runs), the files an import did not take, the loss and PSNR chart and reconstruction samples of a
 * training run, cancel or resume (only from a checkpoint), and its log.
 */
import type { RunKind, RunView } from "../../../lib/api/trainingApi";
import { RunChart } from "./RunChart";

const KIND: Record<RunKind, string> = { train: "Training", dataset: "Dataset", report: "Report" };

/** Where a run is; the time left only while it runs. */
function describeProgress(r: RunView): string {
  const p = r.progress;
  if (p.stage === "train") {
    const eta = r.status === "running" ? ` · about ${Math.max(1, Math.round((p.etaSeconds ?? 0) / 60))} min left` : "";
    return `step ${p.step?.toLocaleString()} of ${p.totalSteps?.toLocaleString()} · epoch ${p.epoch} · ${p.imagesPerSecond?.toFixed(1)} img/s${eta}`;
  }
  if (p.total) return `${p.stage} ${p.done}/${p.total}`;
  return p.stage ?? "";
}

/**
 * How far a run is: its training steps, or the share of its time budget spent when that ends it first
 * (training time only); the import and evaluations before the first step count for nothing.
 */
function fraction(r: RunView): number {
  const p = r.progress;
  if (p.stage !== "train") return (p.done ?? 0) / Math.max(1, p.total ?? 1);
  const bySteps = (p.step ?? 0) / Math.max(1, p.totalSteps ?? 1);
  const budget = r.settings?.kind === "train" ? r.settings.maxSeconds : undefined;
  return budget ? Math.max(bySteps, 1 - (p.etaSeconds ?? budget) / budget) : bySteps;
}

/** `onAction(path)`: posts to a run's cancel or resume. */
export function RunCard({ r, onAction }: { r: RunView; onAction(path: string): void }) {
  return (
    <article className="run" data-run={r.id} data-status={r.status}>
      <h3>
        {KIND[r.kind]} {r.id}: {r.status}
        {r.modelVersion ? ` → model ${r.modelVersion}` : ""}
      </h3>
      {r.status === "running" && <progress value={fraction(r)} max={1} />}
      <p className="status">{describeProgress(r)}</p>
      {r.error && <p className="status offline">{r.error}</p>}
      {r.progress.skipped && r.progress.skipped.length > 0 && (
        <details open={r.kind === "dataset"}>
          <summary>
            {r.progress.skipped.length} file(s) not taken
            {r.progress.skipped.length >= 1000 ? " (the first 1,000)" : ""}
          </summary>
          <ul className="status offline" aria-label="Files not taken">
            {r.progress.skipped.map((f) => (
              <li key={f.name}>
                {f.name}: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.kind === "train" && <RunChart history={r.history} />}
      {r.kind === "train" && r.progress.samplesAt && (
        <figure className="run-samples">
          {/* biome-ignore lint/performance/noImgElement: a JPEG the run wrote, behind the admin session */}
          <img
            src={`/api/admin/runs/${r.id}/samples.jpg?at=${r.progress.samplesAt}`}
            alt="Training portraits (top) and the model's reconstructions of them (below)"
          />
          <figcaption>
            Portraits (top) and their reconstructions, {new Date(r.progress.samplesAt).toLocaleTimeString()}
          </figcaption>
        </figure>
      )}
      <div className="toolbar">
        {(r.status === "queued" || r.status === "running") && (
          <button type="button" onClick={() => onAction(`/api/admin/runs/${r.id}/cancel`)}>
            Cancel
          </button>
        )}
        {r.resumable && (
          <button type="button" onClick={() => onAction(`/api/admin/runs/${r.id}/resume`)}>
            Resume from its checkpoint
          </button>
        )}
      </div>
      {r.logTail && (
        <details>
          <summary>Log</summary>
          <pre>{r.logTail}</pre>
        </details>
      )}
    </article>
  );
}
