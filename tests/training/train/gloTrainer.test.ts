import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parameterCount } from "../../../facemodel/decoder/architecture";
import { initialWeights } from "../../../facemodel/decoder/decoderGraph";
import { flatten } from "../../../facemodel/decoder/weightsLayout";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import { useSwiftShader } from "../../../facemodel/runtime/swiftShader";
import { createRng } from "../../../lib/random";
import { gatherRows } from "../../../training/train/batches";
import { readCheckpointState } from "../../../training/train/checkpoint";
import { finishModel } from "../../../training/train/finishModel";
import { type TrainOptions, trainGlo } from "../../../training/train/gloTrainer";
import { createGradientPool } from "../../../training/train/gradientPool";
import type { GradientResult } from "../../../training/train/gradientStep";
import { reconstructionPsnr } from "../../../training/train/reconstructionPsnr";
import { TINY_CONFIG, tempDir, tinyDataset, tinySettings } from "../../helpers/tinyDataset";

/** The rows of a codes table (count × latent) for a batch. */
const rowsOf = (codes: Float32Array, idx: number[]) => gatherRows(codes, idx, TINY_CONFIG.latent);

/** Pool options shared by the gradient tests: the tiny decoder, MSE, the tiny images. */
const tinyPool = (images: Uint8Array) => ({
  config: TINY_CONFIG,
  loss: "mse" as const,
  backend: "wasm" as const,
  images,
  weightCount: parameterCount(TINY_CONFIG),
});

/** Same loss, weight gradients within 1e-4 of their largest magnitude, code gradients within 0.1 %. */
function expectSameGradients(a: GradientResult, b: GradientResult): void {
  expect(b.loss).toBeCloseTo(a.loss, 6);
  const scale = a.weightGrads.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  a.weightGrads.forEach((g, i) => {
    expect(Math.abs(g - (b.weightGrads[i] as number))).toBeLessThan(scale * 1e-4);
  });
  a.codeGrads.forEach((g, i) => {
    expect(Math.abs(g - (b.codeGrads[i] as number))).toBeLessThan(1e-6 + Math.abs(g) * 1e-3);
  });
}

/** A run stopped at step 6 whose checkpoint a crash left as `leftAs`, resumed; and the same run uninterrupted. */
async function resumeAfterCrash(leftAs: string) {
  const { set } = await tinyDataset();
  const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
  const settings = tinySettings({ epochs: 2 });
  const straight = await trainGlo({ ...base, settings, workDir: await tempDir(`${leftAs}-straight`) });
  const dir = await tempDir(`${leftAs}-resumed`);
  await trainGlo({ ...base, settings, workDir: dir, maxSteps: 6 });
  await rename(join(dir, "checkpoint"), join(dir, leftAs));
  const logs: string[] = [];
  const resumed = await trainGlo({ ...base, settings, workDir: dir, resume: true, onLog: (l) => logs.push(l) });
  return { base, settings, dir, straight, resumed, log: logs.join("\n") };
}

/** The same run stopped after `stopAt` steps and resumed from its checkpoint. */
async function stoppedAndResumed(run: Omit<TrainOptions, "workDir">, name: string, stopAt: number) {
  const workDir = await tempDir(name);
  await trainGlo({ ...run, workDir, maxSteps: stopAt });
  return trainGlo({ ...run, workDir, resume: true });
}

/** Two runs that ended with exactly the same weights and codes. */
function expectSameRun(a: { weights: Float32Array; codes: Float32Array }, b: typeof a): void {
  expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  expect(Array.from(a.codes)).toEqual(Array.from(b.codes));
}

describe("GLO trainer", () => {
  it("trains a tiny model (24x32, latent 16, 64 images): loss falls at least 2.5x and PSNR beats the start by 5 dB", async () => {
    const { set } = await tinyDataset();
    const losses: number[] = [];
    const result = await trainGlo({
      settings: tinySettings({ epochs: 30 }),
      images: set.pixels,
      count: set.count,
      datasetHash: set.hash,
      workDir: await tempDir("train"),
      onProgress: (p) => losses.push(p.loss),
    });
    expect(result.finished).toBe(true);
    expect(result.steps).toBe(30 * 8);
    const first = losses[0] as number;
    const last = losses[losses.length - 1] as number;
    expect(first / last).toBeGreaterThan(2.5);
    const start = result.history[0]?.psnr as number;
    const end = result.history[result.history.length - 1]?.psnr as number;
    expect(end - start).toBeGreaterThan(5);
    // codes stay in the unit ball
    for (let r = 0; r < set.count; r++) {
      let n2 = 0;
      for (let k = 0; k < TINY_CONFIG.latent; k++) n2 += (result.codes[r * TINY_CONFIG.latent + k] as number) ** 2;
      expect(n2).toBeLessThanOrEqual(1 + 1e-5);
    }
  });

  it("runs a run of so many steps to that step, counting progress to it, finished", async () => {
    const { set } = await tinyDataset();
    const seen: { step: number; totalSteps: number }[] = [];
    const run = await trainGlo({
      images: set.pixels,
      count: set.count,
      datasetHash: set.hash,
      settings: tinySettings({ epochs: 10_000, steps: 11, lrSchedule: "cosine" }),
      workDir: await tempDir("steps"),
      onProgress: (p) => seen.push({ step: p.step, totalSteps: p.totalSteps }),
    });
    expect(run.steps).toBe(11);
    expect(run.finished).toBe(true);
    expect(seen.at(-1)).toEqual({ step: 11, totalSteps: 11 });
  });

  it("resumes from a checkpoint to exactly the weights of an uninterrupted run", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const straight = await trainGlo({
      ...base,
      settings: tinySettings({ epochs: 3 }),
      workDir: await tempDir("straight"),
    });
    const dir = await tempDir("resumed");
    const first = await trainGlo({ ...base, settings: tinySettings({ epochs: 3 }), workDir: dir, maxSteps: 13 });
    expect(first.finished).toBe(false);
    expect(first.steps).toBe(13);
    const resumed = await trainGlo({ ...base, settings: tinySettings({ epochs: 3 }), workDir: dir, resume: true });
    expect(resumed.finished).toBe(true);
    expect(resumed.steps).toBe(straight.steps);
    expectSameRun(resumed, straight);
  });

  it("resumes a run with code noise to exactly the weights of an uninterrupted run (the noise repeats)", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const settings = tinySettings({ epochs: 2, codeNoise: 0.5 });
    const straight = await trainGlo({ ...base, settings, workDir: await tempDir("noise-straight") });
    const quiet = await trainGlo({ ...base, settings: tinySettings({ epochs: 2 }), workDir: await tempDir("quiet") });
    expect(Array.from(straight.codes)).not.toEqual(Array.from(quiet.codes));
    expectSameRun(await stoppedAndResumed({ ...base, settings }, "noise-resumed", 5), straight);
  });

  it("fits the codes to a frozen decoder: its weights stay bit for bit, the reconstructions come closer", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const start = await trainGlo({
      ...base,
      settings: tinySettings({ epochs: 10 }),
      workDir: await tempDir("pre-frozen"),
    });
    const init = { weights: start.weights, codes: start.codes, history: [] };
    const frozen = tinySettings({ epochs: 10, freezeDecoder: true });
    const fitted = await trainGlo({ ...base, settings: frozen, init, workDir: await tempDir("frozen") });
    expect(Array.from(fitted.weights)).toEqual(Array.from(start.weights));
    const decoder = await createDecoderRuntime(TINY_CONFIG, start.weights, { backend: "onnx-cpu" });
    try {
      const all = Array.from({ length: set.count }, (_, i) => i);
      const before = await reconstructionPsnr(decoder, TINY_CONFIG, start.codes, set.pixels, all);
      const after = await reconstructionPsnr(decoder, TINY_CONFIG, fitted.codes, set.pixels, all);
      // measured: 17.83 → 18.00 dB (the tiny decoder's codes settle fast: 40 epochs reach 18.06 without the ramp)
      expect(after).toBeGreaterThan(before + 0.1);
    } finally {
      await decoder.dispose();
    }
    // noise on codes that are fitted as they are is refused, before any step
    await expect(
      trainGlo({ ...base, settings: { ...frozen, codeNoise: 0.05 }, init, workDir: await tempDir("frozen-noise") }),
    ).rejects.toThrow(/train it without --code-noise/);
    // nothing trained to freeze: no warm start, no checkpoint
    await expect(trainGlo({ ...base, settings: frozen, workDir: await tempDir("frozen-cold") })).rejects.toThrow(
      /a frozen decoder must be a trained one/,
    );
    // a frozen run resumes frozen; the same checkpoint resumed unfrozen is refused
    const stopped = await tempDir("frozen-stopped");
    await trainGlo({ ...base, settings: frozen, init, workDir: stopped, maxSteps: 3 });
    await expect(
      trainGlo({ ...base, settings: { ...frozen, freezeDecoder: false }, workDir: stopped, resume: true }),
    ).rejects.toThrow(/different freezeDecoder \(checkpoint true, now false\)/);
    const resumed = await trainGlo({ ...base, settings: frozen, workDir: stopped, resume: true });
    expect(Array.from(resumed.weights)).toEqual(Array.from(start.weights));
  });

  it.each(["tfjs", "onnx"] as const)(
    "draws the code noise for the whole batch: two %s gradient workers train as one does",
    async (engine) => {
      const { set } = await tinyDataset();
      const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
      const settings = tinySettings({ epochs: 1, codeNoise: 0.5 });
      // both engines split a batch over worker threads (ONNX Runtime sessions of one intra-op thread each)
      const run = async (workers: number) =>
        trainGlo({
          ...base,
          settings,
          workDir: await tempDir(`noise-${engine}-${workers}`),
          engine,
          workers,
          threads: 1,
        });
      const one = await run(1);
      const two = await run(2);
      // only the order of float sums differs (with one noise stream per worker part, rows of the two
      // halves of a batch shared their noise and the codes moved differently)
      const worst = one.codes.reduce((m, v, i) => Math.max(m, Math.abs(v - (two.codes[i] as number))), 0);
      expect(worst).toBeLessThan(1e-4);
    },
  );

  it("counts training steps as training time, not evaluations and checkpoints", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const settings = tinySettings({ epochs: 2 });
    // the same run evaluating PSNR and saving a checkpoint after every step
    const start = performance.now();
    const busy = await trainGlo({
      ...base,
      settings,
      workDir: await tempDir("clock-busy"),
      evalEverySeconds: 0,
      checkpointEverySeconds: 0,
    });
    const wall = (performance.now() - start) / 1000;
    expect(busy.history.length).toBe(busy.steps + 2);
    // 16 evaluations (each builds a decoder and decodes the training set) and 16 checkpoints take most of
    // the wall time; the recorded time is of the steps alone
    expect(busy.seconds).toBeLessThan(wall / 2);
    const times = busy.history.map((p) => p.seconds);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("resumes from the previous checkpoint when a crash left only checkpoint.old", async () => {
    const { log, resumed, straight } = await resumeAfterCrash("checkpoint.old");
    expect(log).toMatch(/resuming at step 6 .*checkpoint\.old/);
    expect(Array.from(resumed.weights)).toEqual(Array.from(straight.weights));
  });

  it("refuses to resume with another batch size or seed, and takes a new schedule", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const dir = await tempDir("changed");
    await trainGlo({ ...base, settings: tinySettings({ epochs: 2 }), workDir: dir, maxSteps: 3 });
    await expect(
      trainGlo({ ...base, settings: tinySettings({ epochs: 2, batch: 4 }), workDir: dir, resume: true }),
    ).rejects.toThrow(/different batch \(checkpoint 8, now 4\)/);
    await expect(
      trainGlo({ ...base, settings: tinySettings({ epochs: 2, seed: 9 }), workDir: dir, resume: true }),
    ).rejects.toThrow(/different seed/);
    const resumed = await trainGlo({
      ...base,
      settings: tinySettings({ epochs: 2, lr: 5e-4, codeNoise: 0.1 }),
      workDir: dir,
      resume: true,
    });
    expect(resumed.finished).toBe(true);
  });

  it("refuses to resume or overwrite a checkpoint of a run that writes another model folder (one work folder, two --out)", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const settings = tinySettings({ epochs: 2 });
    const dir = await tempDir("shared-work");
    await trainGlo({ ...base, settings, workDir: dir, output: "models/v2", maxSteps: 3 });
    await expect(
      trainGlo({ ...base, settings, workDir: dir, output: "data/candidates/v2", resume: true }),
    ).rejects.toThrow(/is of the run that writes models\/v2, not data\/candidates\/v2: resume with that --out/);
    await expect(trainGlo({ ...base, settings, workDir: dir, output: "data/candidates/v2" })).rejects.toThrow(
      /writes models\/v2, not data\/candidates\/v2: it is not overwritten/,
    );
    const resumed = await trainGlo({ ...base, settings, workDir: dir, output: "models/v2/", resume: true });
    expect(resumed.finished).toBe(true);
    // a checkpoint from before runs recorded their folder is resumed, and takes this run's
    const old = await tempDir("older-work");
    await trainGlo({ ...base, settings, workDir: old, maxSteps: 3 });
    await trainGlo({ ...base, settings, workDir: old, output: "models/v3", resume: true, maxSteps: 5 });
    expect((await readCheckpointState(join(old, "checkpoint"))).output).toBe("models/v3");
  });

  it("refuses to continue another run's checkpoint as a warm start", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const dir = await tempDir("cold-then-warm");
    const cold = await trainGlo({ ...base, settings: tinySettings({ epochs: 2 }), workDir: dir, maxSteps: 3 });
    const warm = tinySettings({ epochs: 2, initFrom: { model: "models/first", seconds: 60, images: 24 } });
    const init = { weights: cold.weights, codes: cold.codes, history: cold.history };
    await expect(trainGlo({ ...base, settings: warm, init, workDir: dir, resume: true })).rejects.toThrow(
      /of another run \(a cold start, now a warm start from models\/first after 1\.0 min\)/,
    );
    // the same warm start resumes its own checkpoint, with or without naming the model again
    const warmDir = await tempDir("warm-resume");
    await trainGlo({ ...base, settings: warm, init, workDir: warmDir, maxSteps: 2 });
    const resumed = await trainGlo({ ...base, settings: warm, init, workDir: warmDir, resume: true, maxSteps: 4 });
    expect(resumed.steps).toBe(4);
    expect(resumed.settings.initFrom?.model).toBe("models/first");
    // the same folder written again by a later stage is another start
    const later = tinySettings({ epochs: 2, initFrom: { model: "./models/first", seconds: 90, images: 40 } });
    await expect(trainGlo({ ...base, settings: later, init, workDir: warmDir, resume: true })).rejects.toThrow(
      /a warm start from models\/first after 1\.0 min, now a warm start from \.\/models\/first after 1\.5 min/,
    );
    const samePlace = tinySettings({ epochs: 2, initFrom: { model: "./models/first", seconds: 60, images: 24 } });
    expect(
      (await trainGlo({ ...base, settings: samePlace, init, workDir: warmDir, resume: true, maxSteps: 5 })).steps,
    ).toBe(5);
    const bare = await trainGlo({ ...base, settings: tinySettings({ epochs: 2 }), workDir: warmDir, resume: true });
    expect(bare.settings.initFrom).toEqual(warm.initFrom);
  });

  it("resumes a finished run with no step left and still has a model to write", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const dir = await tempDir("finished");
    await trainGlo({ ...base, settings: tinySettings({ epochs: 1 }), workDir: dir });
    const again = await trainGlo({ ...base, settings: tinySettings({ epochs: 1 }), workDir: dir, resume: true });
    expect(again.finished).toBe(true);
    expect(again.history.at(-1)?.loss).toBeNull();
    const manifest = await finishModel({
      dir: join(await tempDir("finished-model"), "again"),
      result: again,
      images: set.pixels,
      count: set.count,
      datasetHash: set.hash,
      workers: 1,
      backend: "onnxruntime-cpu",
    });
    expect(manifest.training.steps).toBe(8);
  });

  it("resumes from a checkpoint a crash left whole in checkpoint.tmp, and names one cut short", async () => {
    // the crash came after the new checkpoint was written and the previous one removed
    const { base, settings, dir, log, resumed, straight } = await resumeAfterCrash("checkpoint.tmp");
    expect(log).toMatch(/resuming at step 6 .*checkpoint\.tmp/);
    expect(Array.from(resumed.weights)).toEqual(Array.from(straight.weights));
    const codes = join(dir, "checkpoint", "codes.bin");
    await writeFile(codes, (await readFile(codes)).subarray(0, 1000));
    await expect(trainGlo({ ...base, settings, workDir: dir, resume: true })).rejects.toThrow(
      /checkpoint .* is corrupt: codes\.bin has 1000 bytes, expected 4096/,
    );
  });

  it("warm-starts from a trained model's weights and codes, counting its time and keeping its history", async () => {
    const { set } = await tinyDataset();
    const base = { images: set.pixels, count: set.count, datasetHash: set.hash };
    const first = await trainGlo({ ...base, settings: tinySettings({ epochs: 2 }), workDir: await tempDir("first") });
    const images = first.steps * 8;
    const warm = await trainGlo({
      ...base,
      settings: tinySettings({ epochs: 2, initFrom: { model: "first", seconds: first.seconds, images } }),
      init: { weights: first.weights, codes: first.codes, history: first.history },
      workDir: await tempDir("warm"),
      maxSteps: 1,
    });
    expect(warm.history.slice(0, first.history.length)).toEqual(first.history);
    const start = warm.history[first.history.length];
    // the first point of the new run decodes the given model: the same PSNR, at its time and image count
    expect(start?.psnr).toBeCloseTo(first.history.at(-1)?.psnr as number, 6);
    expect(start?.seconds).toBe(first.seconds);
    expect(start?.images).toBe(images);
    expect(warm.history.at(-1)?.images).toBe(images + 8);
    await expect(
      trainGlo({
        ...base,
        settings: tinySettings({ initFrom: { model: "first", seconds: 0, images: 0 } }),
        init: { weights: first.weights.subarray(1), codes: first.codes, history: [] },
        workDir: await tempDir("bad-warm"),
      }),
    ).rejects.toThrow(/different architecture/);
  });

  it("refuses the cosine-time schedule without a time budget", async () => {
    const { set } = await tinyDataset();
    await expect(
      trainGlo({
        settings: tinySettings({ lrSchedule: "cosine-time" }),
        images: set.pixels,
        count: set.count,
        datasetHash: set.hash,
        workDir: await tempDir("no-budget"),
      }),
    ).rejects.toThrow(/time budget/);
  });

  it("refuses to resume a checkpoint of another dataset", async () => {
    const { set } = await tinyDataset();
    const dir = await tempDir("other");
    await trainGlo({
      settings: tinySettings({ epochs: 1 }),
      images: set.pixels,
      count: set.count,
      datasetHash: set.hash,
      workDir: dir,
      maxSteps: 2,
    });
    await expect(
      trainGlo({
        settings: tinySettings({ epochs: 1 }),
        images: set.pixels,
        count: set.count,
        datasetHash: "different",
        workDir: dir,
        resume: true,
      }),
    ).rejects.toThrow(/different dataset/);
  });

  it.each(["tfjs", "onnx"] as const)(
    "computes the same batch gradient on two %s worker threads as in one thread",
    async (engine) => {
      const { set } = await tinyDataset();
      const weights = flatten(TINY_CONFIG, initialWeights(TINY_CONFIG, createRng(2)));
      const rng = createRng(8);
      const codes = Float32Array.from({ length: set.count * TINY_CONFIG.latent }, () => (rng() - 0.5) * 0.2);
      const indices = [3, 14, 15, 9, 26, 5, 35, 8, 9 + 10];
      const common = { ...tinyPool(set.pixels), engine, threads: 1 };
      const one = await createGradientPool({ ...common, workers: 1 });
      const two = await createGradientPool({ ...common, workers: 2 });
      try {
        const a = await one.compute(weights, indices, rowsOf(codes, indices));
        const b = await two.compute(weights, indices, rowsOf(codes, indices));
        expectSameGradients(a, b);
      } finally {
        await one.close();
        await two.close();
      }
      // workers that are gone (killed, out of memory, closed) fail a request instead of leaving it unanswered
      await expect(two.compute(weights, indices, rowsOf(codes, indices))).rejects.toThrow(/gradient worker exited/);
    },
  );

  it("computes one session's batch gradient on three ONNX workers, uneven shares and a batch of fewer rows than workers included", async () => {
    const { set } = await tinyDataset();
    const weights = flatten(TINY_CONFIG, initialWeights(TINY_CONFIG, createRng(5)));
    const rng = createRng(10);
    const codes = Float32Array.from({ length: set.count * TINY_CONFIG.latent }, () => (rng() - 0.5) * 0.2);
    const common = { ...tinyPool(set.pixels), engine: "onnx" as const, threads: 1 };
    const one = await createGradientPool({ ...common, workers: 1 });
    const three = await createGradientPool({ ...common, workers: 3 });
    try {
      // 7 rows: shares of 3, 2 and 2; then 2 rows: one worker idle
      for (const indices of [
        [11, 4, 60, 23, 37, 2, 50],
        [19, 44],
      ]) {
        expectSameGradients(
          await one.compute(weights, indices, rowsOf(codes, indices)),
          await three.compute(weights, indices, rowsOf(codes, indices)),
        );
      }
    } finally {
      await one.close();
      await three.close();
    }
  });

  it("computes a frozen decoder's step on two ONNX worker threads: one session's loss and code gradients, batch after batch", async () => {
    const { set } = await tinyDataset();
    const weights = flatten(TINY_CONFIG, initialWeights(TINY_CONFIG, createRng(4)));
    const rng = createRng(9);
    const codes = Float32Array.from({ length: set.count * TINY_CONFIG.latent }, () => (rng() - 0.5) * 0.2);
    const common = { ...tinyPool(set.pixels), engine: "onnx" as const, threads: 1, codesOnly: true };
    const one = await createGradientPool({ ...common, workers: 1 });
    const two = await createGradientPool({ ...common, workers: 2 });
    try {
      // the second and third batches go through the same workers after the first
      for (const indices of [
        [3, 14, 15, 9, 26],
        [0, 1, 2, 40, 41, 42, 63],
        [7, 8],
      ]) {
        const a = await one.compute(weights, indices, rowsOf(codes, indices));
        const b = await two.compute(weights, indices, rowsOf(codes, indices));
        expect(b.weightGrads.length).toBe(weights.length);
        expect(b.weightGrads.every((g) => g === 0)).toBe(true);
        expect(b.codeGrads.some((g) => g !== 0)).toBe(true);
        expect(b.loss).toBeCloseTo(a.loss, 6);
        a.codeGrads.forEach((g, i) => {
          expect(Math.abs(g - (b.codeGrads[i] as number))).toBeLessThan(1e-6 + Math.abs(g) * 1e-3);
        });
      }
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe("gradient engines", () => {
  it("ONNX Runtime's hand-written backward pass gives TF.js's gradients (MSE)", async () => {
    const { set } = await tinyDataset();
    const weights = flatten(TINY_CONFIG, initialWeights(TINY_CONFIG, createRng(12)));
    const rng = createRng(13);
    const codes = Float32Array.from({ length: set.count * TINY_CONFIG.latent }, () => (rng() - 0.5) * 0.4);
    const common = { ...tinyPool(set.pixels), workers: 1 };
    const tfjs = await createGradientPool({ ...common, engine: "tfjs" });
    const onnx = await createGradientPool({ ...common, engine: "onnx", threads: 2 });
    const indices = [0, 7, 21, 33, 40, 63];
    const a = await tfjs.compute(weights, indices, rowsOf(codes, indices));
    const b = await onnx.compute(weights, indices, rowsOf(codes, indices));
    expectSameGradients(a, b);
    await tfjs.close();
    await onnx.close();
  });

  it("trains the tiny model on the ONNX engine as well as on TF.js", async () => {
    const { set } = await tinyDataset();
    const base = {
      images: set.pixels,
      count: set.count,
      datasetHash: set.hash,
      settings: tinySettings({ epochs: 10 }),
    };
    const viaTf = await trainGlo({ ...base, engine: "tfjs", workDir: await tempDir("tf") });
    const viaOnnx = await trainGlo({ ...base, engine: "onnx", workDir: await tempDir("onnx") });
    const end = (r: typeof viaTf) => r.history[r.history.length - 1]?.psnr as number;
    expect(Math.abs(end(viaOnnx) - end(viaTf))).toBeLessThan(0.5);
  });

  it("refuses a loss the ONNX engine has no backward pass for", async () => {
    const { set } = await tinyDataset();
    await expect(
      createGradientPool({
        config: TINY_CONFIG,
        loss: "lap1",
        engine: "onnx",
        backend: "wasm",
        workers: 1,
        images: set.pixels,
        weightCount: 1,
      }),
    ).rejects.toThrow(/supports the mse loss/);
  });
});

describe("GPU training path", () => {
  it("runs the ONNX training step on the WebGPU provider with the CPU's gradients (SwiftShader adapter in CI)", async () => {
    expect(useSwiftShader(), "SwiftShader (Debian chromium + libvulkan1) is needed to test the WebGPU path").toBe(true);
    const { set } = await tinyDataset();
    const weights = flatten(TINY_CONFIG, initialWeights(TINY_CONFIG, createRng(21)));
    const codes = Float32Array.from({ length: 4 * TINY_CONFIG.latent }, (_, i) => Math.sin(i) * 0.1);
    const common = { ...tinyPool(set.pixels), engine: "onnx" as const, workers: 1 };
    const cpu = await createGradientPool({ ...common, device: "cpu" });
    const gpu = await createGradientPool({ ...common, device: "webgpu" });
    const a = await cpu.compute(weights, [1, 2, 3, 4], codes);
    const b = await gpu.compute(weights, [1, 2, 3, 4], codes);
    expect(b.loss).toBeCloseTo(a.loss, 6);
    a.weightGrads.forEach((g, i) => {
      expect(Math.abs(g - (b.weightGrads[i] as number))).toBeLessThan(1e-6);
    });
    await cpu.close();
    await gpu.close();
  });
});
