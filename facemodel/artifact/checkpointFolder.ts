/**
 * Where a training run's checkpoint is: the trainer writes it (training/train/checkpoint.ts) and the
 * server asks whether a run has one before offering to resume it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The checkpoint's folder inside a run's work folder. */
export const checkpointDirOf = (workDir: string) => join(workDir, "checkpoint");

/**
 * The checkpoint folder to resume from: `dir`; else, after a crash within saveCheckpoint, `dir.tmp` when
 * it was written whole (state.json is its last file: the newest checkpoint), or `dir.old` (the one before);
 * undefined when there is none.
 */
export function findCheckpoint(dir: string): string | undefined {
  return [dir, `${dir}.tmp`, `${dir}.old`].find((d) => existsSync(join(d, "state.json")));
}
