/**
 * What a run of each kind does around its job (datasetRunSteps, trainRunSteps, reportRunSteps): the job
 * it starts, what a finished job leaves (a dataset, a model version), and what a failed or cancelled one
 * leaves half made. TrainingRuns runs the job and records its progress; the kind's steps do the rest.
 */
import type { JobMessage, JobSpec } from "../../facemodel/jobProtocol";
import type { RunStore } from "../db/RunStore";

/** What a job tells back when it is done. */
export type JobDone = Extract<JobMessage, { type: "done" }>;

/** A run that cannot start: its message says why, as the run's error. */
export class RunCannotStart extends Error {}

/** What the steps of every kind may use. */
export interface RunContext {
  store: RunStore;
  /** datasets, checkpoints and trained models go under it */
  dataDir: string;
  /** registers a finished model folder as a version; returns the version */
  register(modelDir: string): Promise<string>;
  /** where a model version's report goes */
  reportFile(version: string): string;
}

export interface RunSteps {
  /** the job the run starts */
  spec: JobSpec;
  /** the job succeeded: records what it made; the model version it made, when it made one */
  finish(done: JobDone): Promise<{ modelVersion?: string }>;
  /** the job failed or was cancelled: removes what it left half made */
  cleanUp(): Promise<void>;
}
