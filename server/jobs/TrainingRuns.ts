/**
 * The admin area's background runs: making or importing a dataset, training a model, writing a model's
 * report. One runs at a time in its own process (JobRunner.ts), the others wait in the queue; the steps
 * of each kind (its job, what its finish records, what a failure removes) are in its *RunSteps.ts, and
 * RunRecorder keeps the job's progress. The queue, each run's state, progress, PSNR history and log tail
 * live in the database, so a page reload (or another admin's page) sees them.
 * A finished training run registers its model version; the active model is never touched by a run. A
 * run that was running when the server stopped is marked interrupted and can be resumed from its
 * checkpoint.
 */

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { checkpointDirOf, findCheckpoint } from "../../facemodel/artifact/checkpointFolder";
import { readManifest } from "../../facemodel/artifact/modelArtifact";
import type { TrainRequest } from "../../lib/api/trainingApi";
import type { DatasetRow, RunRow, RunStore } from "../db/RunStore";
import { syntheticRunSteps, uploadRunSteps } from "./datasetRunSteps";
import { type RunningJob, startJob } from "./JobRunner";
import { RunRecorder } from "./RunRecorder";
import { reportRunSteps } from "./reportRunSteps";
import { type RunSettings, readRunSettings, rowKindOf, settingsOfKind } from "./runSettings";
import { type JobDone, RunCannotStart, type RunSteps } from "./runSteps";
import { continueSettings, runSettings } from "./trainPresets";
import { trainingFolder, trainRunSteps } from "./trainRunSteps";

/** A run that cannot be queued as asked (the route answers 409 with the reason). */
export class RunRefused extends Error {}

export interface TrainingRunsOptions {
  store: RunStore;
  /** datasets, checkpoints and trained models go under it */
  dataDir: string;
  /** registers a finished model folder as a version; returns the version */
  register(modelDir: string): Promise<string>;
  /** the version new rooms start on, and its folder: what "continue the active model" trains */
  activeModel(): Promise<{ version: string; dir: string }>;
  log(line: string): void;
}

/** A training run that stopped before it finished (interrupted, failed or cancelled): one resume may take up. */
export const stoppedTraining = (run: RunRow) =>
  run.kind === "train" && ["interrupted", "failed", "cancelled"].includes(run.status);

export class TrainingRuns {
  private current: { run: RunRow; job: RunningJob; cancelled: boolean } | null = null;
  private kicking: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: TrainingRunsOptions) {}

  /** The running job's process id (for tests that kill it), or null. */
  get runningPid(): number | null {
    return this.current?.job.process.pid ?? null;
  }

  /** At start: runs left running by a stopped server are interrupted; the queue goes on. */
  async start(): Promise<void> {
    const n = await this.o.store.interruptRunning();
    if (n > 0) this.o.log(`${n} training run(s) interrupted by the last stop: resume them from the admin page`);
    this.kick();
  }

  /** Where a model version's report is (written by the run that trained it, or by a report run). */
  reportFile(version: string): string {
    return join(this.o.dataDir, "reports", `${version}.html`);
  }

  /** The latest reconstruction samples of a training run (written at each evaluation); null for other runs. */
  samplesFile(run: RunRow): string | null {
    const s = settingsOfKind(run, "train");
    return s && join(trainingFolder(this.o.dataDir, run, s), "samples.jpg");
  }

  async queueDataset(name: string, count: number, seed: number): Promise<RunRow> {
    return this.queue(null, { kind: "synthetic", name, count, seed });
  }

  /**
   * Queues importing an uploaded folder (images, or one zip) to check it and count its portraits;
   * `label` names it in messages (the server's paths are never shown).
   */
  async queueImport(name: string, path: string, label: string): Promise<RunRow> {
    return this.queue(null, { kind: "upload", name, path, label });
  }

  /** Queues a training run; "continue" refuses a dataset that is not the active model's training set. */
  async queueTraining(request: TrainRequest, dataset: DatasetRow): Promise<RunRow> {
    if (request.preset !== "continue") return this.queue(dataset.id, runSettings(request));
    const { dir } = await this.o.activeModel();
    const manifest = await readManifest(dir);
    // a warm start keeps one code per training portrait: the same portraits, or the codes mean nothing
    if (manifest.dataset.size !== dataset.count || manifest.dataset.hash !== dataset.hash)
      throw new RunRefused(
        `the active model ${manifest.version} was trained on ${manifest.dataset.size} portraits (set ${manifest.dataset.id}); ` +
          `${dataset.name} is another set (${dataset.count} portraits, ${dataset.hash.slice(0, 12)}): continue it on its own set`,
      );
    return this.queue(dataset.id, continueSettings(request, { dir, manifest }));
  }

  /** Queues writing a model version's report (a version trained before reports, or the shipped one). */
  async queueReport(version: string, modelDir: string): Promise<RunRow> {
    return this.queue(null, { kind: "report", report: { version, modelDir } });
  }

  /**
   * Whether a stopped training run left a checkpoint to go on from. `settings`: the run's settings when the
   * caller has read them already (null: they cannot be read); read here otherwise.
   */
  resumable(run: RunRow, settings?: RunSettings | null): boolean {
    if (!stoppedTraining(run)) return false;
    const s = settings === undefined ? settingsOfKind(run, "train") : settings;
    return s?.kind === "train" && findCheckpoint(checkpointDirOf(trainingFolder(this.o.dataDir, run, s))) !== undefined;
  }

  /** A new run that goes on from an interrupted, failed or cancelled one's checkpoint, its chart's history with it. */
  async resume(old: RunRow): Promise<RunRow> {
    const settings = settingsOfKind(old, "train");
    if (!settings) throw new RunRefused("only a training run whose settings can be read goes on from a checkpoint");
    // the folder is the first run's: a resumed run resumed again goes on from the same checkpoint
    return this.queue(old.datasetId, { ...settings, resumes: settings.resumes ?? old.id }, old.history);
  }

  async cancel(run: RunRow): Promise<void> {
    if (run.status === "queued") await this.o.store.update(run.id, { status: "cancelled", endedAt: new Date() });
    else if (this.current?.run.id === run.id) {
      this.current.cancelled = true;
      this.current.job.cancel();
    }
  }

  /** Stops the running job (it is marked interrupted at the next start) and takes no more. */
  async close(): Promise<void> {
    this.closed = true;
    const running = this.current;
    if (running) {
      running.job.cancel();
      await running.job.exited;
    }
  }

  private async queue(datasetId: string | null, settings: RunSettings, history = "[]") {
    const id = randomBytes(6).toString("base64url");
    const run = await this.o.store.createRun({
      id,
      kind: rowKindOf(settings),
      datasetId,
      settings: JSON.stringify(settings),
      history,
    });
    this.kick();
    return run;
  }

  private kick(): void {
    if (this.closed || this.current || this.kicking) return;
    this.kicking = (async () => {
      const next = await this.o.store.nextQueued();
      if (next) await this.execute(next);
    })()
      .catch((error: unknown) => this.o.log(`training queue: ${(error as Error).message}`))
      .finally(() => {
        this.kicking = null;
        if (!this.current) void this.o.store.nextQueued().then((n) => n && this.kick());
      });
  }

  /** Runs one queued run's job, recording its progress; the steps of its kind start and finish it. */
  private async execute(run: RunRow): Promise<void> {
    const steps = await this.stepsOf(run).catch((error: unknown) => {
      if (error instanceof RunCannotStart) return error;
      throw error;
    });
    if (steps instanceof RunCannotStart)
      return this.o.store.update(run.id, { status: "failed", error: steps.message, endedAt: new Date() });
    const recorder = new RunRecorder(run, this.o.store);
    await this.o.store.update(run.id, { status: "running", startedAt: new Date() });
    const job = startJob(steps.spec, recorder.onMessage);
    this.current = { run, job, cancelled: false };
    const code = await job.exited;
    const { cancelled } = this.current;
    this.current = null;
    await recorder.flush();
    if (code === 0 && recorder.done) return this.finish(run, steps, recorder.done);
    // the server is stopping: the next start marks the run interrupted
    if (this.closed) return;
    await this.o.store.update(run.id, {
      status: cancelled ? "cancelled" : "failed",
      endedAt: new Date(),
      error: cancelled ? null : (recorder.lastLine ?? `the job process exited with ${code ?? "a signal"}`),
    });
    await steps.cleanUp();
  }

  /** The steps of a run's kind, from its settings; rejects with RunCannotStart saying why there are none. */
  private async stepsOf(run: RunRow): Promise<RunSteps> {
    const read = readRunSettings(run);
    if (!read.ok) throw new RunCannotStart(read.why);
    const s = read.settings;
    const context = { ...this.o, reportFile: (version: string) => this.reportFile(version) };
    if (s.kind === "synthetic") return syntheticRunSteps(run, s, context);
    if (s.kind === "upload") return uploadRunSteps(run, s, context);
    if (s.kind === "train") return trainRunSteps(run, s, context);
    return reportRunSteps(s, context);
  }

  /** The job succeeded: its kind's finish step records what it made, and the run is finished (or failed, saying why). */
  private async finish(run: RunRow, steps: RunSteps, done: JobDone): Promise<void> {
    const endedAt = new Date();
    try {
      const made = await steps.finish(done);
      await this.o.store.update(run.id, { status: "finished", endedAt, ...made });
    } catch (error) {
      await this.o.store.update(run.id, { status: "failed", endedAt, error: (error as Error).message });
    }
  }
}
