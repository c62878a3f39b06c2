/**
 * /api/admin/datasets and /api/admin/runs: the admin's training sets (make a synthetic one, list,
 * delete) and training runs (start from a preset or explicit settings, follow with reconstruction samples,
 * cancel, resume); model versions' reports (read, or write one in a run). Every
 * route needs the admin's session, every change its CSRF token, and every change is audited.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { RunRow, RunStore } from "../db/RunStore";
import { type RunSettings, readRunSettings } from "../jobs/runSettings";
import { RunRefused, stoppedTraining, type TrainingRuns } from "../jobs/TrainingRuns";
import { presetsHere, trainRequestSchema } from "../jobs/trainPresets";
import type { AdminAccess } from "./adminAccess";
import { HttpError, readJsonBody } from "./readJsonBody";
import { receiveUpload, type UploadLimits } from "./receiveUpload";
import { router } from "./router";
import { sendJson } from "./sendJson";

const syntheticSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    count: z.number().int().min(16).max(5000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
  })
  .strict();

export interface TrainingRouteDeps {
  access: AdminAccess;
  runs: TrainingRuns;
  runStore: RunStore;
  /** where uploads are written (a folder each) */
  uploadDir: string;
  uploadLimits?: UploadLimits;
}

/** A run's settings without the server's folders in them (an upload's, a warm start's, a report's). */
function withoutPaths(s: RunSettings) {
  if (s.kind === "upload") {
    const { path: _path, ...shown } = s;
    return shown;
  }
  if (s.kind === "train") {
    const { initFrom: _from, ...shown } = s;
    return shown;
  }
  if (s.kind === "report") return { kind: s.kind, report: { version: s.report.version } };
  return s;
}

/** A run's settings as the page reads them: null when they cannot be read. */
const shownSettings = (r: RunRow) => {
  const read = readRunSettings(r);
  return read.ok ? withoutPaths(read.settings) : null;
};

export function trainingRoutes(d: TrainingRouteDeps) {
  const { admin, audit, enabled } = d.access;
  /**
   * A run as the page reads it: its JSON columns parsed (the server's folders left out of its settings),
   * and whether it has a checkpoint to resume.
   */
  const describe = (r: RunRow) => ({
    ...r,
    settings: shownSettings(r),
    progress: JSON.parse(r.progress) as unknown,
    history: JSON.parse(r.history) as unknown,
    resumable: d.runs.resumable(r),
  });
  const runOf = async (id: string | undefined) => {
    const run = await d.runStore.run(id ?? "");
    if (!run) throw new HttpError(404, "no such run");
    return run;
  };
  return router([
    {
      pattern: /^\/api\/admin\/datasets$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          sendJson(res, 200, await d.runStore.datasets());
        },
      },
    },
    {
      pattern: /^\/api\/admin\/datasets\/synthetic$/,
      methods: {
        POST: async (req, res) => {
          await admin(req, res, true);
          const { name, count, seed } = await readJsonBody(req, syntheticSchema);
          const run = await d.runs.queueDataset(name, count, seed);
          await audit(req, "dataset queued", `${name}: ${count} synthetic portraits, seed ${seed} (run ${run.id})`);
          sendJson(res, 202, describe(run));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/datasets\/upload$/,
      methods: {
        POST: async (req, res) => {
          await admin(req, res, true);
          const dir = join(d.uploadDir, randomBytes(6).toString("base64url"));
          const upload = await receiveUpload(req, dir, d.uploadLimits);
          const name = (upload.fields.name ?? "").trim().slice(0, 80) || "upload";
          if (upload.files.length === 0) {
            await rm(dir, { recursive: true, force: true });
            return sendJson(res, 400, { error: "no zip or image in the upload", rejected: upload.rejected });
          }
          // one zip is the set; images are the set's folder
          const zip = upload.files.length === 1 && upload.files[0]?.toLowerCase().endsWith(".zip");
          const file = upload.files[0] as string;
          const run = await d.runs.queueImport(name, zip ? join(dir, file) : dir, zip ? file : "the uploaded images");
          await audit(
            req,
            "dataset uploaded",
            `${name}: ${upload.files.length} file(s), ${upload.rejected.length} refused (run ${run.id})`,
          );
          sendJson(res, 202, { ...describe(run), rejected: upload.rejected });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/datasets\/([A-Za-z0-9_-]{1,40})$/,
      methods: {
        DELETE: async (req, res, [id]) => {
          await admin(req, res, true);
          if (!(await d.runStore.dataset(id as string))) throw new HttpError(404, "no such dataset");
          if (!(await d.runStore.deleteDataset(id as string)))
            throw new HttpError(409, "a queued or running run needs this dataset");
          await audit(req, "dataset deleted", id as string);
          sendJson(res, 200, { deleted: id });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/presets$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          sendJson(res, 200, presetsHere(await d.runStore.runs()));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/runs$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          sendJson(res, 200, (await d.runStore.runs()).map(describe));
        },
        POST: async (req, res) => {
          await admin(req, res, true);
          const request = await readJsonBody(req, trainRequestSchema);
          const dataset = await d.runStore.dataset(request.datasetId);
          if (!dataset) throw new HttpError(404, "no such dataset");
          const run = await d.runs.queueTraining(request, dataset).catch((error: unknown) => {
            throw error instanceof RunRefused ? new HttpError(409, error.message) : error;
          });
          await audit(req, "training queued", `${request.preset} on ${dataset.name} (run ${run.id})`);
          sendJson(res, 202, describe(run));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/runs\/([A-Za-z0-9_-]{1,16})$/,
      methods: {
        GET: async (req, res, [id]) => {
          await admin(req, res, false);
          sendJson(res, 200, describe(await runOf(id)));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/runs\/([A-Za-z0-9_-]{1,16})\/samples\.jpg$/,
      methods: {
        GET: async (req, res, [id]) => {
          await admin(req, res, false);
          const file = d.runs.samplesFile(await runOf(id));
          if (!file || !existsSync(file)) throw new HttpError(404, "no reconstruction samples yet");
          res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "no-store" });
          createReadStream(file).pipe(res);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})\/report$/,
      methods: {
        GET: async (req, res, [version]) => {
          await admin(req, res, false);
          // only a registered version names a file: its name is letters, digits, . _ -
          const known = await enabled().store.modelVersion(version as string);
          const file = d.runs.reportFile(version as string);
          if (!known || !existsSync(file)) throw new HttpError(404, `model ${version} has no report yet`);
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
          createReadStream(file).pipe(res);
        },
        POST: async (req, res, [version]) => {
          await admin(req, res, true);
          const dir = (await enabled().store.modelVersion(version as string))?.dir;
          if (!dir) throw new HttpError(404, "no such model version");
          const run = await d.runs.queueReport(version as string, dir);
          await audit(req, "report queued", `${version} (run ${run.id})`);
          sendJson(res, 202, describe(run));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/runs\/([A-Za-z0-9_-]{1,16})\/(cancel|resume)$/,
      methods: {
        POST: async (req, res, [id, action]) => {
          await admin(req, res, true);
          const run = await runOf(id);
          if (action === "cancel") {
            if (run.status !== "queued" && run.status !== "running")
              throw new HttpError(409, `the run is ${run.status}: nothing to cancel`);
            await d.runs.cancel(run);
            await audit(req, "run cancelled", run.id);
            return sendJson(res, 200, { cancelled: run.id });
          }
          if (!stoppedTraining(run)) throw new HttpError(409, `a ${run.status} ${run.kind} run cannot be resumed`);
          if (!d.runs.resumable(run))
            throw new HttpError(409, "the run stopped before its first checkpoint: start a new run instead");
          const resumed = await d.runs.resume(run);
          await audit(req, "run resumed", `${run.id} as ${resumed.id}`);
          sendJson(res, 202, describe(resumed));
        },
      },
    },
  ]);
}
