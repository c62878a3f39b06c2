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
import { runTrainingJob } from "./trainingJob";

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

async function run(spec: JobSpec): Promise<void> {
  if (spec.kind === "fit") {
    const model = await loadModel(spec.modelDir);
    const { width, height } = model.manifest.image;
    const image = await portraitPixels(await readFile(spec.photo), width, height);
    send({ type: "done", ...(await fitFace(model, image, { steps: spec.steps })) });
    return;
  }
  if (spec.kind === "reproject") {
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
    return;
  }
  if (spec.kind === "report") {
    await report(spec.modelDir, spec.out, spec.data);
    send({ type: "done" });
    return;
  }
  if (spec.kind === "import") {
    const set = await importPortraits(spec.path, {
      label: spec.label,
      onProgress: (done, total) => send({ type: "progress", stage: "import", done, total }),
    });
    for (const s of set.skipped) send({ type: "log", line: `skipped ${s.name}: ${s.reason}`, level: "warn" });
    send({ type: "done", count: set.count, hash: set.hash, skipped: set.skipped.slice(0, 1000) });
    return;
  }
  if (spec.kind === "dataset") {
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
    return;
  }
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
      onProgress: (p) =>
        send(
          p.stage === "train"
            ? { type: "progress", stage: "train", ...p.train }
            : { type: "progress", stage: p.stage, ...("done" in p ? { done: p.done, total: p.total } : {}) },
        ),
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

const spec = JSON.parse(process.argv[2] ?? "null") as JobSpec;
run(spec)
  .then(() => sending.then(() => process.exit(0)))
  .catch((error: unknown) => {
    send({ type: "log", line: `failed: ${(error as Error).message}`, level: "warn" });
    return sending.then(() => process.exit(1));
  });
