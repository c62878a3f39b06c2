/**
 * /api/admin/datasets: the admin's training sets: list them, make a synthetic one, upload portraits
 * (one zip, or images) to import, delete one no run needs. Making and importing are runs of their own.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { DeletedResponse } from "../../lib/api/adminApi";
import {
  type DatasetView,
  syntheticRequestSchema,
  type UploadRefusedResponse,
  type UploadResponse,
} from "../../lib/api/trainingApi";
import type { DatasetRow, RunStore } from "../db/RunStore";
import type { TrainingRuns } from "../jobs/TrainingRuns";
import type { AdminAccess } from "./adminAccess";
import { HttpError, readJsonBody } from "./readJsonBody";
import { receiveUpload, type UploadLimits } from "./receiveUpload";
import type { Handler, Route } from "./router";
import { runView } from "./runView";
import { sendJson } from "./sendJson";

export interface DatasetRouteDeps {
  access: AdminAccess;
  runs: TrainingRuns;
  runStore: RunStore;
  /** where uploads are written (a folder each) */
  uploadDir: string;
  uploadLimits?: UploadLimits;
}

/** A dataset as the page lists it: without its folder on the server. */
const datasetView = ({ dir: _dir, ...set }: DatasetRow): DatasetView => ({
  ...set,
  createdAt: set.createdAt.toISOString(),
});

export function datasetRoutes(d: DatasetRouteDeps): Route[] {
  const { admin, audit } = d.access;
  return [
    {
      pattern: /^\/api\/admin\/datasets$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          sendJson(res, 200, (await d.runStore.datasets()).map(datasetView));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/datasets\/synthetic$/,
      methods: {
        POST: async (req, res) => {
          await admin(req, res, true);
          const { name, count, seed } = await readJsonBody(req, syntheticRequestSchema);
          const run = await d.runs.queueDataset(name, count, seed);
          await audit(req, "dataset queued", `${name}: ${count} synthetic portraits, seed ${seed} (run ${run.id})`);
          sendJson(res, 202, runView(run, d.runs));
        },
      },
    },
    { pattern: /^\/api\/admin\/datasets\/upload$/, methods: { POST: uploadHandler(d) } },
    {
      pattern: /^\/api\/admin\/datasets\/([A-Za-z0-9_-]{1,40})$/,
      methods: {
        DELETE: async (req, res, [id]) => {
          await admin(req, res, true);
          if (!(await d.runStore.dataset(id as string))) throw new HttpError(404, "no such dataset");
          if (!(await d.runStore.deleteDataset(id as string)))
            throw new HttpError(409, "a queued or running run needs this dataset");
          await audit(req, "dataset deleted", id as string);
          sendJson(res, 200, { deleted: id as string } satisfies DeletedResponse);
        },
      },
    },
  ];
}

/** An upload streamed to a folder of its own, queued for import: one zip is the set, images are its folder. */
function uploadHandler(d: DatasetRouteDeps): Handler {
  return async (req, res) => {
    await d.access.admin(req, res, true);
    const dir = join(d.uploadDir, randomBytes(6).toString("base64url"));
    const upload = await receiveUpload(req, dir, d.uploadLimits);
    const name = (upload.fields.name ?? "").trim().slice(0, 80) || "upload";
    if (upload.files.length === 0) {
      await rm(dir, { recursive: true, force: true });
      const refused: UploadRefusedResponse = { error: "no zip or image in the upload", rejected: upload.rejected };
      return sendJson(res, 400, refused);
    }
    const zip = upload.files.length === 1 && upload.files[0]?.toLowerCase().endsWith(".zip");
    const file = upload.files[0] as string;
    const run = await d.runs.queueImport(name, zip ? join(dir, file) : dir, zip ? file : "the uploaded images");
    await d.access.audit(
      req,
      "dataset uploaded",
      `${name}: ${upload.files.length} file(s), ${upload.rejected.length} refused (run ${run.id})`,
    );
    sendJson(res, 202, { ...runView(run, d.runs), rejected: upload.rejected } satisfies UploadResponse);
  };
}
