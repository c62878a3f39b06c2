/**
 * A running job's messages, kept in its run's row: the last log lines, where it is (its progress), the
 * points of its loss and PSNR chart, and when it last wrote reconstruction samples. The row is written
 * at most once a second, at once for a log line or new samples, so every admin page (and a reload)
 * follows the run.
 */
import type { JobMessage } from "../../facemodel/jobProtocol";
import type { RunHistoryPoint } from "../../lib/api/trainingApi";
import type { RunRow, RunStore } from "../db/RunStore";
import type { JobDone } from "./runSteps";

const LOG_LINES = 40;
const HISTORY_POINTS = 500;
/** progress is written to the database at most this often */
const SAVE_MS = 1000;

export class RunRecorder {
  private readonly log: string[] = [];
  private readonly history: RunHistoryPoint[];
  private progress: Record<string, unknown> = {};
  private samplesAt: number | undefined;
  private saved = 0;
  private saving: Promise<void> = Promise.resolve();
  /** the job's last message, once it has come */
  done: JobDone | null = null;

  constructor(
    private readonly run: RunRow,
    private readonly store: RunStore,
  ) {
    // a resumed run's chart goes on from the history of the run it resumes
    this.history = JSON.parse(run.history || "[]") as RunHistoryPoint[];
  }

  /** The job's last log line: why it failed, when it did. */
  get lastLine(): string | undefined {
    return this.log.at(-1);
  }

  readonly onMessage = (m: JobMessage): void => {
    if (m.type === "log") {
      this.log.push(m.line);
      if (this.log.length > LOG_LINES) this.log.shift();
      this.save(true);
    } else if (m.type === "progress") this.progressed(m);
    else if (m.type === "samples") {
      this.samplesAt = Date.now();
      this.save(true);
    } else {
      this.done = m;
      if (m.skipped) this.progress = { ...this.progress, skipped: m.skipped };
    }
  };

  /** Writes what is not written yet, and waits for every write. */
  async flush(): Promise<void> {
    this.save(true);
    await this.saving;
  }

  /** A training step's loss joins the chart every 20 steps, and at every evaluation with its PSNR. */
  private progressed(m: Extract<JobMessage, { type: "progress" }>): void {
    const { type: _type, ...p } = m;
    this.progress = p;
    if (m.stage === "train" && (m.psnr !== undefined || (m.step ?? 0) % 20 === 0)) {
      this.history.push({ step: m.step, loss: m.loss, psnr: m.psnr, at: Date.now() });
      if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
    }
    this.save();
  }

  private save(force = false): void {
    if (!force && performance.now() - this.saved < SAVE_MS) return;
    this.saved = performance.now();
    const change = {
      progress: JSON.stringify({ ...this.progress, samplesAt: this.samplesAt }),
      history: JSON.stringify(this.history),
      logTail: this.log.join("\n"),
    };
    this.saving = this.saving.then(() => this.store.update(this.run.id, change)).catch(() => {});
  }
}
