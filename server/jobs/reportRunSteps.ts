/**
 * A report run's steps: write a model version's report where the admin area serves it from. Nothing is
 * removed after a failed one: the report is one file, written at the job's end.
 */
import type { RunSettingsOf } from "./runSettings";
import type { RunContext, RunSteps } from "./runSteps";

export function reportRunSteps(s: RunSettingsOf<"report">, c: RunContext): RunSteps {
  return {
    spec: { kind: "report", modelDir: s.report.modelDir, out: c.reportFile(s.report.version) },
    finish: async () => ({}),
    cleanUp: async () => {},
  };
}
