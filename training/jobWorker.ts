/**
 * A background job of the admin area, in a process of its own (the live server stays responsive): started
 * by server/jobs/JobRunner.ts with one JobSpec as its argument, it reports JobMessages over IPC and exits
 * 0 when the job is done, 1 when it failed (its last log line says why). SIGTERM ends it at once: a
 * training run resumes from its last checkpoint.
 */

import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import sharp from "sharp";
import { loadModel } from "../facemodel/artifact/modelArtifact";
import { trainSettings } from "../facemodel/artifact/trainSettings";
import type { JobMessage, JobSpec } from "../facemodel/jobProtocol";
import { createDecoderRuntime } from "../facemodel/runtime/createRuntime";
import { slidersToCode } from "../lib/faceSpace";
import { importPortraits, portraitPixels } from "./dataset/importPortraits";
import { writeSynthYearbook } from "./dataset/synthYearbook";
import { fitFace } from "./fitFace";
import { writeModelReport } from "./report/writeModelReport";
import { runTrainingJob, type TrainingJobProgress } from "./trainingJob";

/** Messages on their way: the process exits only once every one has left (process.exit would drop them). */
let sending: Promise<unknown> = Promise.resolve();
const send = (message: JobMessage) => {
  const sent = new Promise<void>((done) => (process.send ? process.send(message, () => done()) : done()));
  sending = Promise.all([sending, sent]);
};

/** A model's report, its stage and any warning (no training portraits found) told to the server. */
async function report(modelDir: string, out: string, data?: string): Promise<void> {
  send({ type: "progress", stage: "report" });
  const written = await writeModelReport(modelDir, out, data);
  if (written.warning) send({ type: "log", line: written.warning, level: "warn" });
}

/** The spec of one kind of job. */
type SpecOf<K extends JobSpec["kind"]> = Extract<JobSpec, { kind: K }>;

/** A photo's sliders in a model: "start from a photo". */
async function fitJob(spec: SpecOf<"fit">): Promise<void> {
  const model = await loadModel(spec.modelDir);
  const { width, height } = model.manifest.image;
  const image = await portraitPixels(await readFile(spec.photo), width, height);
  send({ type: "done", ...(await fitFace(model, image, { steps: spec.steps })) });
}

/** A face of one model version fitted in another: decoded by the first, its image fitted with the second. */
async function reprojectJob(spec: SpecOf<"reproject">): Promise<void> {
  const from = await loadModel(spec.fromModelDir);
  const to = await loadModel(spec.toModelDir);
  const decoder = await createDecoderRuntime(from.manifest.architecture, from.weights, { backend: "onnx-cpu" });
  const bytes = await decoder
    .decodeBytes(slidersToCode(from.faceSpace, spec.sliders), 1)
    .finally(() => decoder.dispose());
  const { width, height } = from.manifest.image;
  const png = await sharp(bytes, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  const image = await portraitPixels(png, to.manifest.image.width, to.manifest.image.height);
  send({ type: "done", ...(await fitFace(to, image, { steps: spec.steps })) });
}

/** A model version's HTML report, from its folder (and its training portraits, when they are found). */
async function reportJob(spec: SpecOf<"report">): Promise<void> {
  await report(spec.modelDir, spec.out, spec.data);
  send({ type: "done" });
}

/** An uploaded folder or zip, checked by importing it: the files it skipped told one by one. */
async function importJob(spec: SpecOf<"import">): Promise<void> {
  const set = await importPortraits(spec.path, {
    label: spec.label,
    onProgress: (done, total) => send({ type: "progress", stage: "import", done, total }),
  });
  for (const s of set.skipped) send({ type: "log", line: `skipped ${s.name}: ${s.reason}`, level: "warn" });
  send({ type: "done", count: set.count, hash: set.hash, skipped: set.skipped.slice(0, 1000) });
}

/** A synthetic yearbook drawn, then imported as a training set would be. */
async function datasetJob(spec: SpecOf<"dataset">): Promise<void> {
  await writeSynthYearbook({
    count: spec.count,
    seed: spec.seed,
    out: spec.out,
    onProgress: (done, total) => send({ type: "progress", stage: "draw", done, total }),
  });
  const set = await importPortraits(spec.out, {
    onProgress: (done, total) => send({ type: "progress", stage: "import", done, total }),
  });
  send({ type: "done", count: set.count, hash: set.hash });
}

/** A training run's progress as the server reads it. */
const progressMessage = (p: TrainingJobProgress): JobMessage =>
  p.stage === "train"
    ? { type: "progress", stage: "train", ...p.train }
    : { type: "progress", stage: p.stage, ...("done" in p ? { done: p.done, total: p.total } : {}) };

/** A training run on the CPU in this process, its samples written as it goes, then its model's report. */
async function trainJob(spec: SpecOf<"train">): Promise<void> {
  const result = await runTrainingJob(
    {
      data: spec.data,
      out: spec.out,
      workDir: spec.workDir,
      settings: trainSettings(spec.settings),
      engine: "onnx",
      device: "cpu",
      backend: "wasm",
      workers: 1,
      threads: 1,
      resume: spec.resume,
      maxSeconds: spec.maxSeconds,
      maxSteps: spec.maxSteps,
      evalEverySeconds: spec.evalEverySeconds,
      initFrom: spec.initFrom,
      command: "admin training run",
    },
    {
      onProgress: (p) => send(progressMessage(p)),
      onLog: (line, level) => send({ type: "log", line, level }),
      onSamples: async (jpeg) => {
        // written whole, then renamed: the page never reads half a picture
        await mkdir(dirname(spec.samples), { recursive: true });
        await writeFile(`${spec.samples}.part`, jpeg);
        await rename(`${spec.samples}.part`, spec.samples);
        send({ type: "samples" });
      },
    },
  );
  await report(spec.out, spec.report, spec.data);
  send({ type: "done", count: result.dataset.count, hash: result.dataset.hash, version: basename(spec.out) });
}

/**
 * The job its kind names; any other spec is a training run. Async, so that a spec without a kind fails
 * the job with its message like any other error.
 */
async function run(spec: JobSpec): Promise<void> {
  switch (spec.kind) {
    case "fit":
      return fitJob(spec);
    case "reproject":
      return reprojectJob(spec);
    case "report":
      return reportJob(spec);
    case "import":
      return importJob(spec);
    case "dataset":
      return datasetJob(spec);
    default:
      return trainJob(spec);
  }
}

const spec = JSON.parse(process.argv[2] ?? "null") as JobSpec;
run(spec)
  .then(() => sending.then(() => process.exit(0)))
  .catch((error: unknown) => {
    send({ type: "log", line: `failed: ${(error as Error).message}`, level: "warn" });
    return sending.then(() => process.exit(1));
  });
