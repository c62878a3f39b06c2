import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { runTrainingJob, type TrainingJobOptions, type TrainingJobProgress } from "../../training/trainingJob";
import { tempDir, tinyDataset, tinySettings } from "../helpers/tinyDataset";
import { tinyModelDir } from "../helpers/tinyModel";

async function jobOptions(changes: Partial<TrainingJobOptions> = {}): Promise<TrainingJobOptions> {
  const { dir } = await tinyDataset();
  const work = await tempDir("job");
  return {
    data: dir,
    out: join(work, "job-v1"),
    workDir: join(work, "run"),
    settings: tinySettings({ epochs: 1 }),
    engine: "tfjs",
    device: "cpu",
    backend: "wasm",
    workers: 1,
    threads: 1,
    resume: false,
    evalEverySeconds: 300,
    maxSteps: 3,
    command: "npm run train -- (test)",
    ...changes,
  };
}

function follow() {
  const stages: TrainingJobProgress["stage"][] = [];
  const logs: string[] = [];
  return {
    stages,
    logs,
    hooks: {
      onProgress: (p: TrainingJobProgress) => {
        if (stages.at(-1) !== p.stage) stages.push(p.stage);
      },
      onLog: (line: string, level: "info" | "warn") => logs.push(`${level}: ${line}`),
    },
  };
}

describe("a training job", () => {
  it("imports, trains and writes the model, reporting each stage and the train command's log", async () => {
    const o = await jobOptions();
    const { stages, logs, hooks } = follow();
    const job = await runTrainingJob(o, hooks);
    expect(stages).toEqual(["import", "train", "finish"]);
    expect(logs).toContain(`info: dataset: 64 portraits, ${job.dataset.hash.slice(0, 12)}`);
    expect(logs).toContainEqual(
      expect.stringMatching(/^info: trained 3 steps in .* \(stopped early: --resume continues\)$/),
    );
    expect(logs.at(-1 - job.manifest.components.length)).toMatch(/^info: wrote .*job-v1: PSNR/);
    // the synthetic yearbook's labels name the components
    expect(job.manifest.components.length).toBeGreaterThan(0);
    const saved = await loadModel(o.out);
    expect(saved.manifest.training.command).toBe("npm run train -- (test)");
    expect(saved.manifest.training.steps).toBe(3);
    expect(saved.manifest.dataset.size).toBe(64);
  });

  it("starts from a trained model, widened, and refuses one trained on other portraits before training", async () => {
    const from = await tinyModelDir();
    const wider = tinySettings({ epochs: 1, config: { ...tinySettings().config, widths: [40, 16, 8] } });
    const { stages, logs, hooks } = follow();
    const job = await runTrainingJob(await jobOptions({ initFrom: from, settings: wider }), hooks);
    expect(stages).toEqual(["import", "warm-start", "train", "finish"]);
    expect(logs).toContain("info: widening 32,16,8 → 40,16,8 (the same faces to start)");
    expect(job.manifest.training.settings.initFrom?.model).toBe(from);

    const fewer = follow();
    await expect(runTrainingJob(await jobOptions({ initFrom: from, maxImages: 32 }), fewer.hooks)).rejects.toThrow(
      `${from} was trained on 64 images, not 32`,
    );
    expect(fewer.stages).toEqual(["import", "warm-start"]);
  });
});
