/**
 * /api/admin/models: the registered model versions (modelVersionView.ts), making one the version new
 * rooms start on, and deleting one no room needs. A trained version's folder goes with it; the shipped
 * model's never does.
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import type { ActivatedResponse, DeletedResponse } from "../../lib/api/adminApi";
import type { ModelVersionRow } from "../db/AdminStore";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { AdminAccess } from "./adminAccess";
import { modelVersionView, versionOf } from "./modelVersionView";
import { HttpError } from "./readJsonBody";
import type { Handler, Route } from "./router";
import { sendJson } from "./sendJson";

export interface ModelVersionRouteDeps {
  access: AdminAccess;
  models: ModelRegistry;
  /** model folders inside it were written by training runs and are removed with their version */
  trainedModelsDir?: string;
  /** the shipped model's folder: never deleted */
  shippedModelDir?: string;
  /** marks a version active in the database */
  activate(version: string): Promise<void>;
  /** where a version's model report is (written by its training run or a report run), when there are runs */
  reportFile?: (version: string) => string;
}

export function modelVersionRoutes(d: ModelVersionRouteDeps): Route[] {
  const { admin, audit, enabled } = d.access;
  return [
    {
      pattern: /^\/api\/admin\/models$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          const reported = (version: string) => (d.reportFile ? existsSync(d.reportFile(version)) : false);
          const rows = await enabled().store.modelVersions();
          sendJson(
            res,
            200,
            rows.map((row) => modelVersionView(row, d.models, reported(row.version))),
          );
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})\/activate$/,
      methods: {
        POST: async (req, res, [version]) => {
          await admin(req, res, true);
          try {
            await d.models.activate(version as string);
          } catch (error) {
            await audit(req, "activate refused", `${version}: ${(error as Error).message}`);
            throw new HttpError(409, `model ${version} cannot be activated: ${(error as Error).message}`);
          }
          await d.activate(version as string);
          await audit(req, "activate", version as string);
          sendJson(res, 200, { active: version as string } satisfies ActivatedResponse);
        },
      },
    },
    { pattern: /^\/api\/admin\/models\/([^/]{1,80})$/, methods: { DELETE: deleteHandler(d) } },
  ];
}

/** Why a version may not be deleted, or null when it may. */
function undeletable(d: ModelVersionRouteDeps, row: ModelVersionRow): string | null {
  if (row.version === d.models.activeVersion) return "it is the active version";
  if (row.rooms > 0) return `${row.rooms} room(s) use it`;
  if (d.shippedModelDir !== undefined && resolve(row.dir) === resolve(d.shippedModelDir))
    return "it is the shipped default";
  return null;
}

/** Deletes a version no room needs, and its folder when a training run wrote it. */
function deleteHandler(d: ModelVersionRouteDeps): Handler {
  return async (req, res, [version]) => {
    await d.access.admin(req, res, true);
    const { store } = d.access.enabled();
    const row = await versionOf(store, version);
    const why = undeletable(d, row);
    if (why) throw new HttpError(409, `model ${version} cannot be deleted: ${why}`);
    await store.deleteModelVersion(version as string);
    const trained = d.trainedModelsDir ? resolve(d.trainedModelsDir) : null;
    if (trained && resolve(row.dir).startsWith(`${trained}/`)) await rm(row.dir, { recursive: true, force: true });
    await d.access.audit(req, "model deleted", version as string);
    sendJson(res, 200, { deleted: version as string } satisfies DeletedResponse);
  };
}
