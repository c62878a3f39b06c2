/**
 * A run as the admin page reads it (RunView): its JSON columns parsed, its settings without the
 * server's folders (an upload's, a warm start's, a report's model), and whether it has a checkpoint to
 * resume from.
 */
import type { RunSettingsView, RunView } from "../../lib/api/trainingApi";
import type { RunRow } from "../db/RunStore";
import { type RunSettings, readRunSettings } from "../jobs/runSettings";
import type { TrainingRuns } from "../jobs/TrainingRuns";

/** A run's settings without the server's folders in them. */
function withoutPaths(s: RunSettings): RunSettingsView {
  if (s.kind === "upload") {
    const { path: _path, ...shown } = s;
    return shown;
  }
  if (s.kind === "train") {
    const { initFrom: _from, ...shown } = s;
    return shown;
  }
  if (s.kind === "report") return { kind: s.kind, report: { version: s.report.version } };
  return s;
}

export function runView(run: RunRow, runs: Pick<TrainingRuns, "resumable">): RunView {
  // read once: the page's view of them and whether the run can go on both need them
  const read = readRunSettings(run);
  const settings = read.ok ? read.settings : null;
  return {
    ...run,
    settings: settings && withoutPaths(settings),
    progress: JSON.parse(run.progress) as RunView["progress"],
    history: JSON.parse(run.history) as RunView["history"],
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
    resumable: runs.resumable(run, settings),
  };
}
