/**
 * A run as the admin page reads it: its JSON columns parsed, its settings without the server's folders
 * (an upload's, a warm start's, a report's model), and whether it has a checkpoint to resume from.
 */
import type { RunRow } from "../db/RunStore";
import { type RunSettings, readRunSettings } from "../jobs/runSettings";
import type { TrainingRuns } from "../jobs/TrainingRuns";

/** A run's settings without the server's folders in them. */
function withoutPaths(s: RunSettings) {
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

/** A run's settings as the page reads them: null when they cannot be read. */
function shownSettings(run: RunRow) {
  const read = readRunSettings(run);
  return read.ok ? withoutPaths(read.settings) : null;
}

export const runView = (run: RunRow, runs: Pick<TrainingRuns, "resumable">) => ({
  ...run,
  settings: shownSettings(run),
  progress: JSON.parse(run.progress) as unknown,
  history: JSON.parse(run.history) as unknown,
  resumable: runs.resumable(run),
});
