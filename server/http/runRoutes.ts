/**
 * /api/admin/runs and /api/admin/presets: the admin's training runs: the presets to start one from,
 * list and start runs (a preset, "continue the active model", or explicit settings), follow one with its
 * reconstruction samples, cancel it, or resume a stopped one from its checkpoint.
 */
import { createReadStream, existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type CancelledResponse, trainRequestSchema } from "../../lib/api/trainingApi";
import type { RunRow, RunStore } from "../db/RunStore";
import { RunRefused, stoppedTraining, type TrainingRuns } from "../jobs/TrainingRuns";
import { presetsHere } from "../jobs/trainPresets";
import type { AdminAccess } from "./adminAccess";
import { HttpError, readJsonBody } from "./readJsonBody";
import type { Handler, Route } from "./router";
import { runView } from "./runView";
import { sendJson } from "./sendJson";

export interface RunRouteDeps {
  access: AdminAccess;
  runs: TrainingRuns;
  runStore: RunStore;
}

/** The run a path names, or 404. */
async function runOf(store: RunStore, id: string | undefined): Promise<RunRow> {
  const run = await store.run(id ?? "");
  if (!run) throw new HttpError(404, "no such run");
  return run;
}

export function runRoutes(d: RunRouteDeps): Route[] {
  const { admin } = d.access;
  return [
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
          sendJson(
            res,
            200,
            (await d.runStore.runs()).map((r) => runView(r, d.runs)),
          );
        },
        POST: startHandler(d),
      },
    },
    {
      pattern: /^\/api\/admin\/runs\/([A-Za-z0-9_-]{1,16})$/,
      methods: {
        GET: async (req, res, [id]) => {
          await admin(req, res, false);
          sendJson(res, 200, runView(await runOf(d.runStore, id), d.runs));
        },
      },
    },
    {
      pattern: /^\/api\/admin\/runs\/([A-Za-z0-9_-]{1,16})\/samples\.jpg$/,
      methods: {
        GET: async (req, res, [id]) => {
          await admin(req, res, false);
          const file = d.runs.samplesFile(await runOf(d.runStore, id));
          if (!file || !existsSync(file)) throw new HttpError(404, "no reconstruction samples yet");
          res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "no-store" });
          createReadStream(file).pipe(res);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/runs\/([A-Za-z0-9_-]{1,16})\/(cancel|resume)$/,
      methods: {
        POST: async (req, res, [id, action]) => {
          await admin(req, res, true);
          const run = await runOf(d.runStore, id);
          await (action === "cancel" ? cancel : resume)(d, req, res, run);
        },
      },
    },
  ];
}

/** Queues a training run on a dataset; a "continue" the active model's set refuses is 409 with the reason. */
function startHandler(d: RunRouteDeps): Handler {
  return async (req, res) => {
    await d.access.admin(req, res, true);
    const request = await readJsonBody(req, trainRequestSchema);
    const dataset = await d.runStore.dataset(request.datasetId);
    if (!dataset) throw new HttpError(404, "no such dataset");
    const run = await d.runs.queueTraining(request, dataset).catch((error: unknown) => {
      throw error instanceof RunRefused ? new HttpError(409, error.message) : error;
    });
    await d.access.audit(req, "training queued", `${request.preset} on ${dataset.name} (run ${run.id})`);
    sendJson(res, 202, runView(run, d.runs));
  };
}

/** Cancels a queued or running run. */
async function cancel(d: RunRouteDeps, req: IncomingMessage, res: ServerResponse, run: RunRow): Promise<void> {
  if (run.status !== "queued" && run.status !== "running")
    throw new HttpError(409, `the run is ${run.status}: nothing to cancel`);
  await d.runs.cancel(run);
  await d.access.audit(req, "run cancelled", run.id);
  sendJson(res, 200, { cancelled: run.id } satisfies CancelledResponse);
}

/** Queues a stopped training run again from its checkpoint, or 409 saying why it cannot go on. */
async function resume(d: RunRouteDeps, req: IncomingMessage, res: ServerResponse, run: RunRow): Promise<void> {
  if (!stoppedTraining(run)) throw new HttpError(409, `a ${run.status} ${run.kind} run cannot be resumed`);
  if (!d.runs.resumable(run))
    throw new HttpError(409, "the run stopped before its first checkpoint: start a new run instead");
  const resumed = await d.runs.resume(run);
  await d.access.audit(req, "run resumed", `${run.id} as ${resumed.id}`);
  sendJson(res, 202, runView(resumed, d.runs));
}
