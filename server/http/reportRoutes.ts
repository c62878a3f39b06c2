/**
 * /api/admin/models/:version/report: a registered model version's report, read, or written by a report
 * run (a version trained before reports, or the shipped one).
 */
import { createReadStream, existsSync } from "node:fs";
import type { TrainingRuns } from "../jobs/TrainingRuns";
import type { AdminAccess } from "./adminAccess";
import { versionOf } from "./modelVersionView";
import { HttpError } from "./readJsonBody";
import type { Route } from "./router";
import { runView } from "./runView";
import { sendJson } from "./sendJson";

export interface ReportRouteDeps {
  access: AdminAccess;
  runs: TrainingRuns;
}

export function reportRoutes(d: ReportRouteDeps): Route[] {
  const { admin, audit, enabled } = d.access;
  return [
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
          const { dir } = await versionOf(enabled().store, version);
          const run = await d.runs.queueReport(version as string, dir);
          await audit(req, "report queued", `${version} (run ${run.id})`);
          sendJson(res, 202, runView(run, d.runs));
        },
      },
    },
  ];
}
