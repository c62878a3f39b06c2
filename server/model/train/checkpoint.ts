/** Training checkpoints: everything needed to resume exactly where a run stopped. */
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { historyPointSchema, trainSettingsSchema } from "../artifact/trainSettings";
import { parameterCount } from "../decoder/architecture";
import type { DiscriminatorState } from "./discriminator";
import { discriminatorFor, discriminatorSize } from "./discriminatorGraph";
import type { MatchPool } from "./sampleMatching";

export const checkpointStateSchema = z.object({
  settings: trainSettingsSchema,
  datasetHash: z.string(),
  count: z.number().int(),
  step: z.number().int(),
  epoch: z.number().int(),
  stepInEpoch: z.number().int(),
  seconds: z.number(),
  history: z.array(historyPointSchema),
  /** the model folder the run writes when it ends (relative to the working folder), when its command named one */
  output: z.string().optional(),
  /** the sizes of the pool of matched random faces the run trains on (sampleMatching.ts), when it has one */
  matching: z.object({ refreshedAt: z.number().int(), samples: z.number().int(), pairs: z.number().int() }).optional(),
  /** the Adam steps of the adversary's discriminator (adversary.ts), when the run has one */
  adversarySteps: z.number().int().min(0).optional(),
});
export type CheckpointState = z.infer<typeof checkpointStateSchema>;

export interface CheckpointData {
  state: CheckpointState;
  weights: Float32Array;
  weightM: Float32Array;
  weightV: Float32Array;
  codes: Float32Array;
  codeM: Float32Array;
  codeV: Float32Array;
  codeSteps: Int32Array;
  matching?: MatchPool;
  adversary?: DiscriminatorState;
}

const FILES = ["weights", "weightM", "weightV", "codes", "codeM", "codeV", "codeSteps"] as const;

const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Writes a file and waits until it is on disk: a power cut after the renames below finds it whole. */
async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const file = await open(path, "w");
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Written to a temporary folder, then renamed into place: a crash never leaves half a checkpoint. */
export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const tmp = `${dir}.tmp`;
  // a fresh folder: state.json (written last) then marks a whole checkpoint, never old and new files mixed
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const f of FILES) await writeDurably(join(tmp, `${f}.bin`), bytes(data[f]));
  if (data.matching) {
    await writeDurably(join(tmp, "matchCodes.bin"), bytes(data.matching.codes));
    await writeDurably(join(tmp, "matchPairs.bin"), bytes(data.matching.pairs));
  }
  if (data.adversary) {
    await writeDurably(join(tmp, "discriminator.bin"), bytes(data.adversary.weights));
    await writeDurably(join(tmp, "discriminatorM.bin"), bytes(data.adversary.adam.m));
    await writeDurably(join(tmp, "discriminatorV.bin"), bytes(data.adversary.adam.v));
  }
  // the pool's sizes come from the pool itself: a run without one (any more) records none
  const { matching: pool } = data;
  const latent = data.state.settings.config.latent;
  const matching = pool && {
    refreshedAt: pool.refreshedAt,
    samples: pool.codes.length / latent,
    pairs: pool.pairs.length / 2,
  };
  await writeDurably(
    join(tmp, "state.json"),
    JSON.stringify({ ...data.state, matching, adversarySteps: data.adversary?.steps }),
  );
  await rm(`${dir}.old`, { recursive: true, force: true });
  await rename(dir, `${dir}.old`).catch(() => {});
  await rename(tmp, dir);
  await rm(`${dir}.old`, { recursive: true, force: true });
}

/**
 * The checkpoint folder to resume from: `dir`; else, after a crash within saveCheckpoint, `dir.tmp` when
 * it was written whole (state.json is its last file: the newest checkpoint), or `dir.old` (the one before);
 * undefined when there is none.
 */
export function findCheckpoint(dir: string): string | undefined {
  return [dir, `${dir}.tmp`, `${dir}.old`].find((d) => existsSync(join(d, "state.json")));
}

/** A checkpoint's state alone (settings, position, history), without its arrays. */
export async function readCheckpointState(dir: string): Promise<CheckpointState> {
  return checkpointStateSchema.parse(JSON.parse(await readFile(join(dir, "state.json"), "utf8")));
}

export async function loadCheckpoint(dir: string): Promise<CheckpointData> {
  const state = await readCheckpointState(dir);
  const weightCount = parameterCount(state.settings.config);
  const codeCount = state.count * state.settings.config.latent;
  /** A file of exactly `values` 4-byte values (a truncated or foreign file is named, not misread). */
  const read = async (f: string, values: number) => {
    const b = await readFile(join(dir, `${f}.bin`));
    if (b.byteLength !== values * 4)
      throw new Error(`checkpoint ${dir} is corrupt: ${f}.bin has ${b.byteLength} bytes, expected ${values * 4}`);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  const f32 = async (f: string, values: number) => new Float32Array(await read(f, values));
  const readAdversary = async (): Promise<DiscriminatorState | undefined> => {
    if (state.adversarySteps === undefined) return undefined;
    const { height, width } = state.settings.config;
    const size = discriminatorSize(discriminatorFor(height, width));
    return {
      weights: await f32("discriminator", size),
      adam: { m: await f32("discriminatorM", size), v: await f32("discriminatorV", size) },
      steps: state.adversarySteps,
    };
  };
  return {
    state,
    weights: await f32("weights", weightCount),
    weightM: await f32("weightM", weightCount),
    weightV: await f32("weightV", weightCount),
    codes: await f32("codes", codeCount),
    codeM: await f32("codeM", codeCount),
    codeV: await f32("codeV", codeCount),
    codeSteps: new Int32Array(await read("codeSteps", state.count)),
    matching: state.matching && {
      refreshedAt: state.matching.refreshedAt,
      codes: await f32("matchCodes", state.matching.samples * state.settings.config.latent),
      pairs: new Int32Array(await read("matchPairs", state.matching.pairs * 2)),
    },
    adversary: await readAdversary(),
  };
}
