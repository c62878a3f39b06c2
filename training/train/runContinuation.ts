/**
 * Whose run a work folder's checkpoint is, and whether a command may continue it or write over it. A run is
 * placed in its data by its dataset, architecture, batch, seed, loss, code initialisation and warm start,
 * and it writes one model folder; its schedule (epochs, rates, noise) may change on resume.
 */
import { relative, resolve } from "node:path";
import { findCheckpoint } from "../../facemodel/artifact/checkpointFolder";
import type { TrainSettings } from "../../facemodel/artifact/trainSettings";
import type { DecoderConfig } from "../../facemodel/decoder/architecture";
import { type CheckpointData, readCheckpointState } from "./checkpoint";

export const sameArchitecture = (a: DecoderConfig, b: DecoderConfig) =>
  a.kind === b.kind &&
  a.latent === b.latent &&
  a.width === b.width &&
  a.height === b.height &&
  a.widths.join() === b.widths.join();

type WarmStart = NonNullable<TrainSettings["initFrom"]>;
const sameStart = (a: WarmStart, b: WarmStart | undefined) =>
  b !== undefined && resolve(a.model) === resolve(b.model) && a.seconds === b.seconds && a.images === b.images;
const describeStart = (w: WarmStart) => `${w.model} after ${(w.seconds / 60).toFixed(1)} min`;

/** The model folder as a command names it, relative to the working folder (a checkpoint copied to another
 * machine or folder still matches the same --out). */
export const outputFolder = (output: string | undefined) =>
  output === undefined ? undefined : relative(process.cwd(), resolve(output)) || ".";

const otherOutput = (checkpointDir: string, theirs: string, ours: string, resume: boolean) =>
  new Error(
    `the checkpoint in ${checkpointDir} is of the run that writes ${theirs}, not ${ours}: ${resume ? "resume with that --out" : "it is not overwritten"}; give this run another --work`,
  );

/**
 * The checkpoint folder to resume from (undefined: start afresh). A fresh start does not write over the
 * checkpoint of a run that writes another model folder (an unreadable one it does); a resume checks the
 * folder in continuedSettings, from the state it loads.
 */
export async function checkWorkFolder(
  checkpointDir: string,
  o: { resume?: boolean; output?: string },
): Promise<string | undefined> {
  const found = findCheckpoint(checkpointDir);
  if (o.resume) return found;
  const output = outputFolder(o.output);
  if (!found || !output) return undefined;
  const theirs = await readCheckpointState(found).then(
    (state) => state.output,
    () => undefined,
  );
  if (theirs && theirs !== output) throw otherOutput(checkpointDir, theirs, output, false);
  return undefined;
}

/**
 * The settings a resumed run trains with: this command's, refused where they would place the run elsewhere in
 * its data; a warm start's time and image offsets stay the checkpoint's. Updates the checkpoint's state.
 */
export function continuedSettings(
  data: CheckpointData,
  s: TrainSettings,
  o: { checkpointDir: string; datasetHash: string; output?: string },
): TrainSettings {
  const output = outputFolder(o.output);
  if (output && data.state.output && output !== data.state.output)
    throw otherOutput(o.checkpointDir, data.state.output, output, true);
  if (data.state.datasetHash !== o.datasetHash) throw new Error("checkpoint was trained on a different dataset");
  if (!sameArchitecture(data.state.settings.config, s.config))
    throw new Error("checkpoint has a different architecture");
  data.state.output ??= output;
  const was = data.state.settings;
  const fixed = (["batch", "seed", "loss", "codeInit", "freezeDecoder"] as const).filter((k) => was[k] !== s[k]);
  if (fixed.length > 0)
    throw new Error(
      `cannot resume with a different ${fixed.map((k) => `${k} (checkpoint ${was[k]}, now ${s[k]})`).join(", ")}`,
    );
  // a warm start from another model is another run, not this checkpoint's continuation; so is one from
  // the same folder after it was written again (a later stage: more training behind it)
  if (s.initFrom && !sameStart(s.initFrom, was.initFrom))
    throw new Error(
      `the checkpoint in ${o.checkpointDir} is of another run (${was.initFrom ? `a warm start from ${describeStart(was.initFrom)}` : "a cold start"}, now a warm start from ${describeStart(s.initFrom)}): resume without --init-from, or train without --resume or into another --out`,
    );
  const settings = { ...s, initFrom: was.initFrom };
  data.state.settings = settings;
  return settings;
}
