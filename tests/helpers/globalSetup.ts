/**
 * Runs once before the test files (which run side by side, vitest.config.ts): the tiny yearbook and the
 * tiny model every file shares are made here, and removed when the run ends.
 */
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { TestProject } from "vitest/node";
import { importTinyDataset, writeTinyDataset } from "./tinyDataset";
import { trainTinyModel } from "./tinyModel";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataset = await importTinyDataset(await writeTinyDataset());
  const model = await trainTinyModel(dataset);
  project.provide("tinyDatasetDir", dataset.dir);
  project.provide("tinyModelDir", model);
  return async () => {
    for (const dir of [dataset.dir, model]) await rm(dirname(dir), { recursive: true, force: true });
  };
}
