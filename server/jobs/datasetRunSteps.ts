/**
 * A dataset run's steps: a synthetic set is drawn into a folder of its own, an upload is imported where
 * it was received; either becomes a dataset once its job has counted the portraits, and a failed or
 * cancelled one's folder is removed.
 */
import { rm } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import type { DatasetRow, RunRow } from "../db/RunStore";
import type { RunSettingsOf } from "./runSettings";
import type { RunContext, RunSteps } from "./runSteps";

interface DatasetJob {
  spec: RunSteps["spec"];
  /** the dataset a finished job makes, less what the job counts */
  made: Pick<DatasetRow, "name" | "source" | "dir">;
  /** what a failed or cancelled job leaves, removed */
  folder: string;
}

/** The steps of a job that counts a set's portraits: recorded as a dataset with the job's count and hash. */
const datasetSteps = (run: RunRow, c: RunContext, { spec, made, folder }: DatasetJob): RunSteps => ({
  spec,
  finish: async (done) => {
    await c.store.createDataset({ id: run.id, ...made, count: done.count ?? 0, hash: done.hash ?? "" });
    return {};
  },
  cleanUp: () => rm(folder, { recursive: true, force: true }),
});

export function syntheticRunSteps(run: RunRow, s: RunSettingsOf<"synthetic">, c: RunContext): RunSteps {
  const out = join(c.dataDir, "datasets", run.id);
  return datasetSteps(run, c, {
    spec: { kind: "dataset", out, count: s.count, seed: s.seed },
    made: { name: s.name, source: `synthetic yearbook, seed ${s.seed}`, dir: out },
    folder: out,
  });
}

export function uploadRunSteps(run: RunRow, s: RunSettingsOf<"upload">, c: RunContext): RunSteps {
  return datasetSteps(run, c, {
    spec: { kind: "import", path: s.path, label: s.label },
    made: { name: s.name, source: "upload", dir: s.path },
    // an upload's folder holds its zip, or is its folder of images
    folder: extname(s.path) === ".zip" ? dirname(s.path) : s.path,
  });
}
