/**
 * A training run's steps: train on its dataset in its run folder (a resumed run goes on in the first
 * run's, from its checkpoint), then register the finished model as a version. A stopped run's folder
 * stays: its checkpoint is what a resume goes on from.
 */
import { join } from "node:path";
import type { RunRow } from "../db/RunStore";
import type { RunSettingsOf } from "./runSettings";
import { RunCannotStart, type RunContext, type RunSteps } from "./runSteps";

/** How often a training job evaluates: PSNR and reconstruction samples. */
const EVAL_EVERY_SECONDS = 20;

/** The folder a training run trains in: a resumed run's is the first run's, where its checkpoint is. */
export const trainingFolder = (dataDir: string, run: RunRow, s: RunSettingsOf<"train">): string =>
  join(dataDir, "runs", s.resumes ?? run.id);

export async function trainRunSteps(run: RunRow, s: RunSettingsOf<"train">, c: RunContext): Promise<RunSteps> {
  const dataset = run.datasetId ? await c.store.dataset(run.datasetId) : null;
  if (!dataset) throw new RunCannotStart("its dataset was deleted");
  const home = trainingFolder(c.dataDir, run, s);
  const version = `admin-${new Date().toISOString().slice(0, 10)}-${s.resumes ?? run.id}`;
  const out = join(c.dataDir, "models", version);
  return {
    spec: {
      kind: "train",
      data: dataset.dir,
      out,
      workDir: home,
      settings: s.settings,
      resume: s.resumes !== undefined,
      // a resumed warm start goes on from its checkpoint, which remembers where it started
      initFrom: s.resumes === undefined ? s.initFrom : undefined,
      maxSeconds: s.maxSeconds,
      maxSteps: s.maxSteps,
      evalEverySeconds: EVAL_EVERY_SECONDS,
      report: c.reportFile(version),
      samples: join(home, "samples.jpg"),
    },
    finish: async () => ({ modelVersion: await c.register(out) }),
    cleanUp: async () => {},
  };
}
