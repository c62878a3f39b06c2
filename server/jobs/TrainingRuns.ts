/**
 * The admin area's background runs: making a synthetic dataset, and training a model. One runs at a time
 * in its own process (JobRunner.ts), the others wait in the queue; the queue, each run's state, progress,
 * PSNR history and log tail live in the database, so a page reload (or another admin's page) sees them.
 * A finished training run registers its model version; the active model is never touched by a run. A
 * run that was running when the server stopped is marked interrupted and can be resumed from its
 * checkpoint.
 */

import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import { checkpointDirOf, findCheckpoint } from "../../facemodel/artifact/checkpointFolder";
import { readManifest } from "../../facemodel/artifact/modelArtifact";
import type { JobMessage, JobSpec } from "../../facemodel/jobProtocol";
import type { DatasetRow, RunRow, RunStore } from "../db/RunStore";
import { type RunningJob, startJob } from "./JobRunner";
import { type RunSettings, type RunSettingsOf, readRunSettings, rowKindOf, settingsOfKind } from "./runSettings";
import { continueSettings, runSettings, type TrainRequest } from "./trainPresets";

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

const LOG_LINES = 40;
const HISTORY_POINTS = 500;
/** progress is written to the database at most this often */
const SAVE_MS = 1000;

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
    return s && join(this.home(run, s), "samples.jpg");
  }

  async queueDataset(name: string, count: number, seed: number): Promise<RunRow> {
    return this.queue(null, { kind: "synthetic", name, count, seed });
  }

  /** An uploaded folder (images, or one zip), imported to check it and count its portraits. */
  /** Queues importing an upload; `label` names it in messages (the server's paths are never shown). */
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

  /** Whether a stopped training run left a checkpoint to go on from. */
  resumable(run: RunRow): boolean {
    const s = stoppedTraining(run) ? settingsOfKind(run, "train") : null;
    return s !== null && findCheckpoint(checkpointDirOf(this.home(run, s))) !== undefined;
  }

  /** A training run's folder: a resumed run trains in the folder of the run it goes on from (its checkpoint). */
  private home(run: RunRow, s: RunSettingsOf<"train">): string {
    return join(this.o.dataDir, "runs", s.resumes ?? run.id);
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

  private async execute(run: RunRow): Promise<void> {
    const read = readRunSettings(run);
    if (!read.ok) {
      await this.o.store.update(run.id, {
        status: "failed",
        error: `the run cannot start: ${read.why}`,
        endedAt: new Date(),
      });
      return;
    }
    const s = read.settings;
    const version = `admin-${new Date().toISOString().slice(0, 10)}-${(s.kind === "train" && s.resumes) || run.id}`;
    const out = join(this.o.dataDir, "models", version);
    let spec: JobSpec;
    if (s.kind === "report")
      spec = { kind: "report", modelDir: s.report.modelDir, out: this.reportFile(s.report.version) };
    else if (s.kind === "upload") spec = { kind: "import", path: s.path, label: s.label };
    else if (s.kind === "synthetic")
      spec = { kind: "dataset", out: join(this.o.dataDir, "datasets", run.id), count: s.count, seed: s.seed };
    else {
      // a resumed run trains in the folder of the run it goes on from, where its checkpoint is
      const home = this.home(run, s);
      const dataset = run.datasetId ? await this.o.store.dataset(run.datasetId) : null;
      if (!dataset) {
        await this.o.store.update(run.id, { status: "failed", error: "its dataset was deleted", endedAt: new Date() });
        return;
      }
      spec = {
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
        evalEverySeconds: 20,
        report: this.reportFile(version),
        samples: join(home, "samples.jpg"),
      };
    }
    const log: string[] = [];
    // a resumed run's chart goes on from the history of the run it resumes
    const history = JSON.parse(run.history || "[]") as unknown[];
    let progress: Record<string, unknown> = {};
    let samplesAt: number | undefined;
    let done: Extract<JobMessage, { type: "done" }> | null = null;
    let saved = 0;
    let saving: Promise<void> = Promise.resolve();
    const save = (force = false) => {
      if (!force && performance.now() - saved < SAVE_MS) return;
      saved = performance.now();
      const change = {
        progress: JSON.stringify({ ...progress, samplesAt }),
        history: JSON.stringify(history),
        logTail: log.join("\n"),
      };
      saving = saving.then(() => this.o.store.update(run.id, change)).catch(() => {});
    };
    const onMessage = (m: JobMessage) => {
      if (m.type === "log") {
        log.push(m.line);
        if (log.length > LOG_LINES) log.shift();
        save(true);
      } else if (m.type === "progress") {
        const { type: _type, ...p } = m;
        progress = p;
        if (m.stage === "train" && (m.psnr !== undefined || (m.step ?? 0) % 20 === 0)) {
          history.push({ step: m.step, loss: m.loss, psnr: m.psnr, at: Date.now() });
          if (history.length > HISTORY_POINTS) history.splice(0, history.length - HISTORY_POINTS);
        }
        save();
      } else if (m.type === "samples") {
        samplesAt = Date.now();
        save(true);
      } else {
        done = m;
        if (m.skipped) progress = { ...progress, skipped: m.skipped };
      }
    };
    await this.o.store.update(run.id, { status: "running", startedAt: new Date() });
    const job = startJob(spec, onMessage);
    this.current = { run, job, cancelled: false };
    const code = await job.exited;
    const cancelled = this.current.cancelled;
    this.current = null;
    save(true);
    await saving;
    const ended = new Date();
    if (code === 0 && done) {
      try {
        if (s.kind === "synthetic" || s.kind === "upload") {
          const d = done as { count?: number; hash?: string };
          await this.o.store.createDataset({
            id: run.id,
            name: s.name,
            count: d.count ?? 0,
            hash: d.hash ?? "",
            source: s.kind === "upload" ? "upload" : `synthetic yearbook, seed ${s.seed}`,
            dir: s.kind === "upload" ? s.path : (spec as { out: string }).out,
          });
          await this.o.store.update(run.id, { status: "finished", endedAt: ended });
        } else if (s.kind === "report") await this.o.store.update(run.id, { status: "finished", endedAt: ended });
        else {
          const registered = await this.o.register(out);
          await this.o.store.update(run.id, { status: "finished", endedAt: ended, modelVersion: registered });
        }
        return;
      } catch (error) {
        await this.o.store.update(run.id, { status: "failed", endedAt: ended, error: (error as Error).message });
        return;
      }
    }
    if (this.closed) return;
    const status = cancelled ? "cancelled" : "failed";
    const error = cancelled ? null : (log.at(-1) ?? `the job process exited with ${code ?? "a signal"}`);
    await this.o.store.update(run.id, { status, endedAt: ended, error });
    if (s.kind === "synthetic" || s.kind === "upload") {
      // an upload's folder holds its zip, or is its folder of images
      const folder =
        s.kind === "upload" ? (extname(s.path) === ".zip" ? dirname(s.path) : s.path) : (spec as { out: string }).out;
      await rm(folder, { recursive: true, force: true });
    }
  }
}
