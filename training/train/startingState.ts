/**
 * The state a training run starts from: its checkpoint when it has one (and may resume it), else fresh
 * weights and codes, or a warm start's (settings.initFrom). A resumed run's settings are the command's
 * with the checkpoint's warm start.
 */

import type { HistoryPoint, TrainSettings } from "../../facemodel/artifact/trainSettings";
import { parameterCount } from "../../facemodel/decoder/architecture";
import { initialWeights } from "../../facemodel/decoder/decoderGraph";
import { flatten } from "../../facemodel/decoder/weightsLayout";
import { createRng } from "../../lib/random";
import { type CheckpointData, loadCheckpoint } from "./checkpoint";
import { initialCodes } from "./codeInit";
import { checkWorkFolder, continuedSettings, outputFolder } from "./runContinuation";

export interface StartOptions {
  settings: TrainSettings;
  images: Uint8Array;
  count: number;
  datasetHash: string;
  /** the model folder the run will write: a checkpoint of a run that writes another one is not resumed */
  output?: string;
  resume?: boolean;
  /** warm start (with settings.initFrom): this model's weights and codes and its training history */
  init?: { weights: Float32Array; codes: Float32Array; history: HistoryPoint[] };
  onLog?: (line: string) => void;
}

export async function startingState(
  o: StartOptions,
  checkpointDir: string,
): Promise<{ data: CheckpointData; settings: TrainSettings }> {
  const { config } = o.settings;
  const latent = config.latent;
  let data: CheckpointData;
  let s = o.settings;
  const saved = await checkWorkFolder(checkpointDir, { resume: o.resume, output: o.output });
  if (s.freezeDecoder && !saved && !o.init)
    throw new Error(
      `a frozen decoder must be a trained one: no checkpoint in ${checkpointDir} and no warm start (--init-from)`,
    );
  if (o.resume && !saved) o.onLog?.(`no checkpoint in ${checkpointDir}: starting from the beginning`);
  if (saved) {
    data = await loadCheckpoint(saved);
    s = continuedSettings(data, s, { checkpointDir, datasetHash: o.datasetHash, output: o.output });
    o.onLog?.(
      `resuming at step ${data.state.step} (epoch ${data.state.epoch}, ${data.state.seconds.toFixed(0)} s trained)${saved === checkpointDir ? "" : ` from ${saved}`}`,
    );
  } else {
    if (o.init && (o.init.weights.length !== parameterCount(config) || o.init.codes.length !== o.count * latent))
      throw new Error("the model to start from has a different architecture or number of images");
    const weights = o.init
      ? Float32Array.from(o.init.weights)
      : flatten(config, initialWeights(config, createRng(s.seed)));
    const codes = o.init
      ? Float32Array.from(o.init.codes)
      : initialCodes(s.codeInit, {
          images: o.images,
          count: o.count,
          height: config.height,
          width: config.width,
          latent,
          seed: s.seed,
        });
    data = {
      state: {
        settings: s,
        datasetHash: o.datasetHash,
        count: o.count,
        step: 0,
        epoch: 0,
        stepInEpoch: 0,
        seconds: 0,
        history: o.init ? [...o.init.history] : [],
        output: outputFolder(o.output),
      },
      weights,
      weightM: new Float32Array(weights.length),
      weightV: new Float32Array(weights.length),
      codes,
      codeM: new Float32Array(codes.length),
      codeV: new Float32Array(codes.length),
      codeSteps: new Int32Array(o.count),
    };
  }
  return { data, settings: s };
}
