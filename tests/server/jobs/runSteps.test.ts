import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DatasetRow, RunRow, RunStore } from "../../../server/db/RunStore";
import { syntheticRunSteps, uploadRunSteps } from "../../../server/jobs/datasetRunSteps";
import { reportRunSteps } from "../../../server/jobs/reportRunSteps";
import type { RunSettingsOf } from "../../../server/jobs/runSettings";
import type { RunContext } from "../../../server/jobs/runSteps";
import { trainRunSteps } from "../../../server/jobs/trainRunSteps";
import { TINY_CONFIG, tempDir } from "../../helpers/tinyDataset";

const row = (id: string, datasetId: string | null = null) => ({ id, datasetId }) as RunRow;

/** The steps' context over an in-memory store: the datasets it holds, those its steps record, the folders registered. */
function context(dataDir: string, datasets: DatasetRow[] = []) {
  const made: Omit<DatasetRow, "createdAt">[] = [];
  const registered: string[] = [];
  const store = {
    dataset: async (id: string) => datasets.find((d) => d.id === id) ?? null,
    createDataset: async (d: Omit<DatasetRow, "createdAt">) => void made.push(d),
  } as unknown as RunStore;
  const c: RunContext = {
    store,
    dataDir,
    register: async (dir) => {
      registered.push(dir);
      return "v-new";
    },
    reportFile: (version) => join(dataDir, "reports", `${version}.html`),
  };
  return { c, made, registered };
}

describe("the steps of each kind of run", () => {
  it("draw a synthetic set into its own folder, record it as a dataset, and remove the folder of a failed one", async () => {
    const dir = await tempDir("steps");
    const { c, made } = context(dir);
    const steps = syntheticRunSteps(row("s1"), { kind: "synthetic", name: "set", count: 16, seed: 4 }, c);
    const out = join(dir, "datasets", "s1");
    expect(steps.spec).toEqual({ kind: "dataset", out, count: 16, seed: 4 });
    expect(await steps.finish({ type: "done", count: 16, hash: "h" })).toEqual({});
    expect(made).toEqual([
      { id: "s1", name: "set", count: 16, hash: "h", source: "synthetic yearbook, seed 4", dir: out },
    ]);
    await mkdir(out, { recursive: true });
    await steps.cleanUp();
    expect(existsSync(out)).toBe(false);
  });

  it("import an upload where it was received; a failed zip's folder goes, the zip with it", async () => {
    const dir = await tempDir("steps");
    const { c, made } = context(dir);
    const folder = join(dir, "uploads", "u");
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, "set.zip"), "PK");
    const zip = { kind: "upload", name: "up", path: join(folder, "set.zip"), label: "set.zip" } as const;
    const steps = uploadRunSteps(row("u1"), zip, c);
    expect(steps.spec).toEqual({ kind: "import", path: zip.path, label: "set.zip" });
    await steps.finish({ type: "done", count: 20, hash: "z" });
    expect(made[0]).toMatchObject({ id: "u1", source: "upload", dir: zip.path, count: 20 });
    await steps.cleanUp();
    expect(existsSync(folder)).toBe(false);
  });

  it("train a resumed run in its first run's folder, from its checkpoint, and register the model it made", async () => {
    const set = { id: "d1", dir: "/sets/d1" } as DatasetRow;
    const { c, registered } = context("/data", [set]);
    const train: RunSettingsOf<"train"> = {
      kind: "train",
      settings: { config: TINY_CONFIG },
      initFrom: "/models/v1",
      resumes: "first",
    };
    const steps = await trainRunSteps(row("again", "d1"), train, c);
    expect(steps.spec).toMatchObject({ kind: "train", data: "/sets/d1", workDir: "/data/runs/first", resume: true });
    expect(steps.spec).toMatchObject({ initFrom: undefined, samples: "/data/runs/first/samples.jpg" });
    const out = steps.spec.kind === "train" ? steps.spec.out : "";
    expect(out).toMatch(/^\/data\/models\/admin-\d{4}-\d\d-\d\d-first$/);
    expect(await steps.finish({ type: "done" })).toEqual({ modelVersion: "v-new" });
    expect(registered).toEqual([out]);
    await expect(trainRunSteps(row("lost", "gone"), train, c)).rejects.toThrow("its dataset was deleted");
  });

  it("write a version's report where the admin area serves it", () => {
    const { c } = context("/data");
    const steps = reportRunSteps({ kind: "report", report: { version: "v1", modelDir: "/models/v1" } }, c);
    expect(steps.spec).toEqual({ kind: "report", modelDir: "/models/v1", out: "/data/reports/v1.html" });
  });
});
