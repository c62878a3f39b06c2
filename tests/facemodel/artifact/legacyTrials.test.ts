/**
 * Settings recorded before the trials that were not kept lost their code (the adversarial term, sample
 * matching, code truncation): read with the trial off, refused with it on, in a manifest and in a checkpoint.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_FILE, manifestSchema } from "../../../facemodel/artifact/manifest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { parameterCount } from "../../../facemodel/decoder/architecture";
import { loadCheckpoint, saveCheckpoint } from "../../../training/train/checkpoint";
import { trainGlo } from "../../../training/train/gloTrainer";
import { TINY_CONFIG, tempDir, tinySettings } from "../../helpers/tinyDataset";
import { tinyModelDir } from "../../helpers/tinyModel";

/** The removed trials' settings as the last version recorded them, all off. */
const LEGACY_OFF = {
  truncateCodes: 0,
  matchSamples: 0,
  matchEvery: 250,
  adversarial: 0,
  adversarialRows: 4,
  adversarialNorm: "none",
};
const LEGACY_FIELDS = Object.keys(LEGACY_OFF);

/** Each trial switched on, and what the refusal says. */
const LEGACY_ON = [
  {
    on: { adversarial: 0.001, adversarialNorm: "spectral" },
    says: "this run used the adversarial term (--adversarial 0.001), which this version no longer trains",
  },
  {
    on: { matchSamples: 0.25, matchEvery: 100 },
    says: "this run used sample matching (--match-samples 0.25), which this version no longer trains",
  },
  {
    on: { truncateCodes: 0.5 },
    says: "this run used code truncation (--truncate-codes 0.5), which this version no longer trains",
  },
];

/** A copy of the tiny model whose manifest's settings have `fields` added. */
async function modelWith(fields: Record<string, unknown>): Promise<string> {
  const dir = join(await tempDir("legacy-model"), "model");
  await cp(await tinyModelDir(), dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8"));
  Object.assign(manifest.training.settings, fields);
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  return dir;
}

/** A small checkpoint (2 portraits of the tiny decoder) whose state's settings have `fields` added. */
async function checkpointWith(fields: Record<string, unknown>): Promise<{ workDir: string; dir: string }> {
  const workDir = await tempDir("legacy-checkpoint");
  const dir = join(workDir, "checkpoint");
  const weights = parameterCount(TINY_CONFIG);
  const codes = 2 * TINY_CONFIG.latent;
  await saveCheckpoint(dir, {
    state: {
      settings: tinySettings(),
      datasetHash: "tiny",
      count: 2,
      step: 1,
      epoch: 0,
      stepInEpoch: 1,
      seconds: 1,
      history: [],
    },
    weights: new Float32Array(weights),
    weightM: new Float32Array(weights),
    weightV: new Float32Array(weights),
    codes: new Float32Array(codes),
    codeM: new Float32Array(codes),
    codeV: new Float32Array(codes),
    codeSteps: new Int32Array(2),
  });
  const state = JSON.parse(await readFile(join(dir, "state.json"), "utf8"));
  Object.assign(state.settings, fields);
  await writeFile(join(dir, "state.json"), JSON.stringify(state));
  return { workDir, dir };
}

describe("settings of the trials that were not kept", () => {
  it("reads the shipped model's manifest, recorded with them off, and drops their fields", async () => {
    const raw = JSON.parse(await readFile(join("models", "default", MANIFEST_FILE), "utf8"));
    expect(raw.training.settings).toMatchObject(LEGACY_OFF);
    const { settings } = manifestSchema.parse(raw).training;
    for (const field of LEGACY_FIELDS) expect(settings).not.toHaveProperty(field);
    expect(settings).toMatchObject({ codeNoise: raw.training.settings.codeNoise, freezeDecoder: false });
  });

  it("loads a model and a checkpoint recorded with them off", async () => {
    const model = await loadModel(await modelWith(LEGACY_OFF));
    for (const field of LEGACY_FIELDS) expect(model.manifest.training.settings).not.toHaveProperty(field);
    expect(model.manifest.training.settings).toEqual(tinySettings({ epochs: 8 }));
    const { dir } = await checkpointWith(LEGACY_OFF);
    const checkpoint = await loadCheckpoint(dir);
    expect(checkpoint.state.settings).toEqual(tinySettings());
  });

  it.each(LEGACY_ON)("refuses a model and a checkpoint of a run that had one on: $says", async ({ on, says }) => {
    const modelDir = await modelWith({ ...LEGACY_OFF, ...on });
    await expect(loadModel(modelDir)).rejects.toThrow(`manifest.json is invalid: training.settings: ${says}`);
    const { workDir, dir } = await checkpointWith({ ...LEGACY_OFF, ...on });
    await expect(loadCheckpoint(dir)).rejects.toThrow(`checkpoint ${dir} cannot be read: settings: ${says}`);
    // a run asked to resume it stops there, before any step
    await expect(
      trainGlo({
        settings: tinySettings(),
        images: new Uint8Array(2 * TINY_CONFIG.width * TINY_CONFIG.height * 3),
        count: 2,
        datasetHash: "tiny",
        workDir,
        resume: true,
      }),
    ).rejects.toThrow(says);
  });
});
