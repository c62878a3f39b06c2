/**
 * One session of a training run, from the state it starts at to where it stops: the step loop over the
 * epochs, an evaluation and a checkpoint whenever their intervals have passed, and a last evaluation and
 * checkpoint at the end. A run of so many steps ends there, else after its epochs; a session stops earlier
 * at its time budget or its step limit.
 */
import type { HistoryPoint, TrainSettings } from "../../facemodel/artifact/trainSettings";
import { epochOrder } from "./batches";
import { type CheckpointData, type CheckpointState, saveCheckpoint } from "./checkpoint";
import { createEvaluation } from "./evaluation";
import type { GradientPool } from "./gradientPool";
import type { Samples } from "./reconstructionPsnr";
import type { StartOptions } from "./startingState";
import { type TrainingClock, trainingClock } from "./trainingClock";
import { createStepper, type Stepper } from "./trainStep";

export interface TrainProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  imagesPerSecond: number;
  etaSeconds: number;
  psnr?: number;
}

export interface SessionOptions extends Pick<StartOptions, "images" | "count" | "onLog"> {
  checkpointEverySeconds?: number;
  evalEverySeconds?: number;
  evalCount?: number;
  /** stop (after checkpointing) once this much training time has been spent in total */
  maxSeconds?: number;
  /** stop (after checkpointing) at this step: for tests and exact resumes */
  maxSteps?: number;
  onProgress?: (p: TrainProgress) => void;
  /** at each evaluation: the reconstructions of a few training portraits (sampleIndices) */
  onSamples?: (samples: Samples) => void | Promise<void>;
}

/** What a session trains: the run's settings and state, its gradients, and where its checkpoint goes. */
export interface SessionRun {
  settings: TrainSettings;
  data: CheckpointData;
  gradients: GradientPool;
  checkpointDir: string;
  /** the evaluation's intra-op threads */
  evalThreads?: number;
}

/** Seconds since a time of performance.now(). */
const since = (time: number) => (performance.now() - time) / 1000;

/** A session on a run's starting state: train() takes its steps and says whether the run ended. */
export class TrainingSession {
  private readonly s: TrainSettings;
  private readonly st: CheckpointState;
  private readonly stepsPerEpoch: number;
  /** a run of so many steps ends there (its schedule, progress and ETA count to them); else its epochs */
  private readonly totalSteps: number;
  private readonly takeStep: Stepper;
  private readonly evaluate: () => Promise<number>;
  /** the warm start's training, which the history's images and seconds continue */
  private readonly before: { seconds: number; images: number };
  private readonly baseSeconds: number;
  private readonly clock: TrainingClock;
  private lastCheckpoint = performance.now();
  private lastEval = performance.now();
  private imagesThisSession = 0;
  private lossEma = Number.NaN;

  constructor(
    private readonly o: SessionOptions,
    private readonly run: SessionRun,
  ) {
    const { settings: s, data } = run;
    this.s = s;
    this.st = data.state;
    this.stepsPerEpoch = Math.ceil(o.count / s.batch);
    this.totalSteps = s.steps ?? this.stepsPerEpoch * s.epochs;
    this.takeStep = createStepper({
      settings: s,
      data,
      count: o.count,
      gradients: run.gradients,
      totalSteps: this.totalSteps,
    });
    this.evaluate = createEvaluation({
      config: s.config,
      data,
      images: o.images,
      count: o.count,
      evalCount: o.evalCount,
      threads: run.evalThreads,
      onSamples: o.onSamples,
    });
    this.before = s.initFrom ?? { seconds: 0, images: 0 };
    this.baseSeconds = this.st.seconds;
    this.clock = trainingClock(this.baseSeconds);
  }

  /** Trains until the run ends or the session stops, then evaluates and checkpoints; says whether the run ended. */
  async train(): Promise<boolean> {
    const { s, st } = this;
    if (st.step === 0) st.history.push({ ...(await this.historyPoint(null)), seconds: this.before.seconds });
    while (st.epoch < s.epochs && !this.done()) {
      await this.trainEpoch();
      if (this.stopping()) break;
      st.epoch++;
      st.stepInEpoch = 0;
    }
    const finished = s.steps === undefined ? st.epoch >= s.epochs : this.done();
    // a resumed run with no step left to take has no loss of its own
    st.history.push(await this.historyPoint(Number.isFinite(this.lossEma) ? this.lossEma : null));
    await this.checkpoint();
    return finished;
  }

  /** The current epoch's steps left, in its order, until the session stops. */
  private async trainEpoch(): Promise<void> {
    const { s, st } = this;
    const order = epochOrder(this.o.count, s.seed, st.epoch);
    while (st.stepInEpoch < this.stepsPerEpoch) {
      const indices = order.slice(st.stepInEpoch * s.batch, (st.stepInEpoch + 1) * s.batch);
      const timeFraction = this.clock.elapsed() / (this.o.maxSeconds ?? Number.POSITIVE_INFINITY);
      const loss = await this.takeStep(indices, timeFraction);
      st.stepInEpoch++;
      await this.afterStep(loss, indices.length);
      if (this.stopping()) break;
    }
  }

  /** Reports a step's progress, with an evaluation when one is due, then checkpoints when one is due. */
  private async afterStep(loss: number, images: number): Promise<void> {
    this.imagesThisSession += images;
    this.lossEma = Number.isNaN(this.lossEma) ? loss : 0.95 * this.lossEma + 0.05 * loss;
    const progress = this.progress();
    if (since(this.lastEval) >= (this.o.evalEverySeconds ?? 300)) {
      progress.psnr = await this.evaluation(progress.imagesPerSecond);
    }
    this.o.onProgress?.(progress);
    if (since(this.lastCheckpoint) >= (this.o.checkpointEverySeconds ?? 120)) await this.checkpoint();
  }

  /** Where the run stands after a step, and how long it has left. */
  private progress(): TrainProgress {
    const { st, clock } = this;
    const ips = this.imagesThisSession / Math.max(clock.elapsed() - this.baseSeconds, 1e-9);
    return {
      step: st.step,
      totalSteps: this.totalSteps,
      epoch: st.epoch,
      loss: this.lossEma,
      imagesPerSecond: ips,
      // the steps left, or the time budget left when that ends the run first
      etaSeconds: Math.min(
        ((this.totalSteps - st.step) * this.s.batch) / Math.max(ips, 1e-9),
        (this.o.maxSeconds ?? Number.POSITIVE_INFINITY) - clock.elapsed(),
      ),
    };
  }

  /** An evaluation between steps: a point of the history, logged with the session's speed. Returns its PSNR. */
  private async evaluation(imagesPerSecond: number): Promise<number | undefined> {
    const { st } = this;
    const point = await this.historyPoint(this.lossEma);
    st.history.push(point);
    this.o.onLog?.(
      `step ${st.step} epoch ${st.epoch} loss ${this.lossEma.toFixed(5)} psnr ${point.psnr?.toFixed(2)} dB at ${point.seconds.toFixed(0)} s, ${imagesPerSecond.toFixed(1)} img/s`,
    );
    this.lastEval = performance.now();
    return point.psnr;
  }

  /** The run's state now, evaluated off the clock; its images and seconds count the warm start's. */
  private async historyPoint(loss: number | null): Promise<HistoryPoint> {
    const { st } = this;
    return {
      step: st.step,
      epoch: st.epoch,
      images: this.before.images + st.step * this.s.batch,
      seconds: this.before.seconds + this.clock.elapsed(),
      loss,
      psnr: await this.clock.offClock(this.evaluate),
    };
  }

  /** Writes the checkpoint, off the clock, with the seconds trained so far. */
  private async checkpoint(): Promise<void> {
    this.st.seconds = this.clock.elapsed();
    await this.clock.offClock(() => saveCheckpoint(this.run.checkpointDir, this.run.data));
    this.lastCheckpoint = performance.now();
  }

  /** The run of so many steps has taken them all. */
  private done(): boolean {
    return this.s.steps !== undefined && this.st.step >= this.s.steps;
  }

  /** The session stops here: its time budget or step limit is reached, or the run is done. */
  private stopping(): boolean {
    const { o } = this;
    const limited =
      (o.maxSeconds !== undefined && this.clock.elapsed() >= o.maxSeconds) ||
      (o.maxSteps !== undefined && this.st.step >= o.maxSteps);
    return limited || this.done();
  }
}
