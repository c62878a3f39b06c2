/** Training checkpoints: everything needed to resume exactly where a run stopped. */
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { historyPointSchema, recordedTrainSettingsSchema } from "../../facemodel/artifact/trainSettings";
import { parameterCount } from "../../facemodel/decoder/architecture";

export const checkpointStateSchema = z.object({
  /** a checkpoint of a run with a trial no longer trained switched on is refused (legacyTrials.ts) */
  settings: recordedTrainSettingsSchema,
  datasetHash: z.string(),
  count: z.number().int(),
  step: z.number().int(),
  epoch: z.number().int(),
  stepInEpoch: z.number().int(),
  seconds: z.number(),
  history: z.array(historyPointSchema),
  /** the model folder the run writes when it ends (relative to the working folder), when its command named one */
  output: z.string().optional(),
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
  await writeDurably(join(tmp, "state.json"), JSON.stringify(data.state));
  await rm(`${dir}.old`, { recursive: true, force: true });
  await rename(dir, `${dir}.old`).catch(() => {});
  await rename(tmp, dir);
  await rm(`${dir}.old`, { recursive: true, force: true });
}

/** A checkpoint's state alone (settings, position, history), without its arrays. */
export async function readCheckpointState(dir: string): Promise<CheckpointState> {
  const parsed = checkpointStateSchema.safeParse(JSON.parse(await readFile(join(dir, "state.json"), "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`checkpoint ${dir} cannot be read: ${issues.join("; ")}`);
  }
  return parsed.data;
}

export async function loadCheckpoint(dir: string): Promise<CheckpointData> {
  const state = await readCheckpointState(dir);
  const weightCount = parameterCount(state.settings.config);
  const codeCount = state.count * state.settings.config.latent;
  /** A file of exactly `values` 4-byte values (a file cut short or a foreign one is named, not misread). */
  const read = async (f: string, values: number) => {
    const b = await readFile(join(dir, `${f}.bin`));
    if (b.byteLength !== values * 4)
      throw new Error(`checkpoint ${dir} is corrupt: ${f}.bin has ${b.byteLength} bytes, expected ${values * 4}`);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  const f32 = async (f: string, values: number) => new Float32Array(await read(f, values));
  return {
    state,
    weights: await f32("weights", weightCount),
    weightM: await f32("weightM", weightCount),
    weightV: await f32("weightV", weightCount),
    codes: await f32("codes", codeCount),
    codeM: await f32("codeM", codeCount),
    codeV: await f32("codeV", codeCount),
    codeSteps: new Int32Array(await read("codeSteps", state.count)),
  };
}
