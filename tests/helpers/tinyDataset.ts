/** A small synthetic yearbook shared by the model tests: 64 portraits, imported at 24x32. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TrainSettings, type TrainSettingsInput, trainSettings } from "../../facemodel/artifact/trainSettings";
import type { DecoderConfig } from "../../facemodel/decoder/architecture";
import { importPortraits, type PortraitSet } from "../../training/dataset/importPortraits";
import { writeSynthYearbook } from "../../training/dataset/synthYearbook";
import { sharedFixture } from "./sharedFixtures";

export const TINY_CONFIG: DecoderConfig = {
  kind: "upsample-conv",
  latent: 16,
  width: 24,
  height: 32,
  widths: [32, 16, 8],
};

/** The tiny model's settings: the defaults but for its decoder, 30 epochs of 8 portraits, a faster rate. */
export const tinySettings = (changes: Partial<TrainSettingsInput> = {}): TrainSettings =>
  trainSettings({ config: TINY_CONFIG, epochs: 30, batch: 8, lr: 3e-3, ...changes });

/** Writes the yearbook's portraits to a new folder (once per test run: tests/helpers/sharedFixtures.ts). */
export async function writeTinyDataset(): Promise<string> {
  const dir = join(await tempDir("tiny"), "yearbook");
  await writeSynthYearbook({ count: 64, seed: 7, out: dir });
  return dir;
}

export interface TinyDataset {
  dir: string;
  set: PortraitSet;
}

export const importTinyDataset = async (dir: string): Promise<TinyDataset> => ({
  dir,
  set: await importPortraits(dir, { width: TINY_CONFIG.width, height: TINY_CONFIG.height }),
});

let cached: Promise<TinyDataset> | undefined;

/** The shared yearbook, imported in this test file (its folder made by the run's set-up, or here). */
export function tinyDataset(): Promise<TinyDataset> {
  cached ??= (async () => importTinyDataset(sharedFixture("tinyDatasetDir") ?? (await writeTinyDataset())))();
  return cached;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `likeness-${prefix}-`));
}
