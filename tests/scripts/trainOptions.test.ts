import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { trainSettings } from "../../facemodel/artifact/trainSettings";
import { parseTrainCommand } from "../../scripts/trainOptions";

const parse = (...args: string[]) => parseTrainCommand(["--out", "models/v2", ...args]);

describe("training command options", () => {
  it("reads a stage's command into settings and run options", () => {
    const cmd = parse(
      ...["--data", "data/yearbook", "--epochs", "1000", "--lr", "0.0005", "--lr-schedule", "cosine-time"],
      ...["--max-minutes", "130", "--code-noise", "0.2", "--code-noise-final", "0.05", "--threads", "2"],
    );
    expect(cmd.settings).toMatchObject({
      epochs: 1000,
      batch: 16,
      lr: 0.0005,
      codeNoise: 0.2,
      codeNoiseFinal: 0.05,
    });
    // what the command does not name is the settings' default
    expect(parse().settings).toEqual(trainSettings({ config: cmd.settings.config }));
    expect(parse().settings.freezeDecoder).toBe(false);
    expect(parse("--freeze-decoder", "--init-from", "models/v1").settings.freezeDecoder).toBe(true);
    expect(cmd.settings.config).toEqual({
      kind: "upsample-conv",
      latent: 80,
      width: 144,
      height: 192,
      widths: [128, 128, 64, 32, 16],
    });
    expect(cmd).toMatchObject({ engine: "onnx", workers: 1, threads: 2, maxSeconds: 7800, workDir: "data/runs/v2" });
  });

  it("shares the cores between ONNX workers, two on the CPU by default, unless --threads says otherwise", () => {
    const cores = availableParallelism();
    expect(parse("--workers", "2")).toMatchObject({ workers: 2, threads: Math.max(1, Math.floor(cores / 2)) });
    expect(parse("--workers", "2", "--threads", "3")).toMatchObject({ workers: 2, threads: 3 });
    // by default two ONNX sessions share the cores; --threads alone, or a GPU, keeps one session
    const two = Math.min(2, cores);
    expect(parse()).toMatchObject({ workers: two, threads: Math.max(1, Math.floor(cores / two)) });
    expect(parse("--threads", "2")).toMatchObject({ workers: 1, threads: 2 });
    expect(parse("--device", "webgpu")).toMatchObject({ workers: 1, threads: cores });
    // --device cuda is the CUDA addon's engine: one process, the whole batch on the GPU
    expect(parse("--device", "cuda")).toMatchObject({ engine: "cuda", workers: 1 });
    expect(() => parse("--device", "cuda", "--loss", "lap1")).toThrow(/mse loss only/);
    // the TF.js engine's workers are one core each; --threads is ONNX Runtime's
    expect(parse("--engine", "tfjs", "--workers", "2")).toMatchObject({ workers: 2, threads: cores });
  });

  it("refuses, before any work, what would fail or train nothing hours later", () => {
    expect(() => parseTrainCommand(["--out", "models/v2 big"])).toThrow(/--out models\/v2 big: the folder's name/);
    expect(() => parse("--threads", "0")).toThrow(/--threads 0: /);
    expect(() => parse("--max-minutes", "2h")).toThrow(/--max-minutes 2h: not a number/);
    expect(() => parse("--engine", "tfjs", "--workers", "x")).toThrow(/--workers x: not a number/);
    expect(() => parse("--batch", "8.5")).toThrow(/--batch 8.5: must be a whole number/);
    expect(() => parse("--widths", "128,,64")).toThrow(/--widths : not a number/);
    expect(() => parse("--lr", "0")).toThrow(/--lr 0: must be above 0/);
    expect(() => parse("--code-noise=-0.1")).toThrow(/--code-noise -0.1: must be 0 or above/);
    expect(() => parse("--loss", "l2")).toThrow(/invalid training option loss/);
    expect(() => parse("--lr-schedule", "step")).toThrow(/invalid training option lrSchedule/);
    expect(() => parse("--freeze-decoder")).toThrow(/--freeze-decoder fits codes to a trained decoder/);
    expect(() => parse("--engine", "torch")).toThrow(/--engine must be onnx or tfjs/);
    expect(() => parseTrainCommand([])).toThrow(/--out models\/<version> is required/);
    expect(() => parseTrainCommand(["--out", "."])).toThrow(/not \. or \.\./);
    expect(() => parse("--code-lr", "0")).toThrow(/--code-lr 0: must be above 0/);
  });

  it("takes what the trainer supports: a folder with a trailing slash, evaluation at every step, any seed", () => {
    const cmd = parseTrainCommand(["--out", "models/v2/", "--eval-every", "0", "--seed=-3"]);
    expect(cmd).toMatchObject({ out: "models/v2", workDir: "data/runs/v2", evalEverySeconds: 0 });
    expect(cmd.settings.seed).toBe(-3);
  });
});
