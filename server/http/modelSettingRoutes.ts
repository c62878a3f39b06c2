/**
 * /api/admin/models/:version/names and /local-drawing: what the admin sets on a model version, kept in
 * the database and applied to the loaded model at once: its components' names, and whether its decoder
 * may leave the server for its rooms' browsers (model privacy).
 */
import {
  type LocalDrawingResponse,
  localDrawingRequestSchema,
  type NamesResponse,
  namesRequestSchema,
} from "../../lib/api/adminApi";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { AdminAccess } from "./adminAccess";
import { versionOf } from "./modelVersionView";
import { HttpError, readJsonBody } from "./readJsonBody";
import type { Handler, Route } from "./router";
import { sendJson } from "./sendJson";

export interface ModelSettingRouteDeps {
  access: AdminAccess;
  models: Pick<ModelRegistry, "rename" | "allowLocalDrawing">;
}

export function modelSettingRoutes(d: ModelSettingRouteDeps): Route[] {
  const { admin, audit, enabled } = d.access;
  return [
    { pattern: /^\/api\/admin\/models\/([^/]{1,80})\/names$/, methods: { POST: namesHandler(d) } },
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})\/local-drawing$/,
      methods: {
        POST: async (req, res, [version]) => {
          await admin(req, res, true);
          const { allowed } = await readJsonBody(req, localDrawingRequestSchema);
          const { store } = enabled();
          await versionOf(store, version);
          await store.setLocalDrawing(version as string, allowed);
          d.models.allowLocalDrawing(version as string, allowed);
          await audit(req, allowed ? "local drawing allowed" : "local drawing stopped", version as string);
          sendJson(res, 200, { version: version as string, localDrawing: allowed } satisfies LocalDrawingResponse);
        },
      },
    },
  ];
}

/** Names a version's components (by index, from 0); an empty name clears one, a component it lacks is refused. */
function namesHandler(d: ModelSettingRouteDeps): Handler {
  return async (req, res, [version]) => {
    await d.access.admin(req, res, true);
    const { names } = await readJsonBody(req, namesRequestSchema);
    const { store } = d.access.enabled();
    const row = await versionOf(store, version);
    const latent = (row.manifest as { latent?: number }).latent ?? 0;
    const bad = Object.keys(names).find((k) => Number(k) >= latent);
    if (bad !== undefined) throw new HttpError(400, `model ${version} has no component ${Number(bad) + 1}`);
    const kept = Object.fromEntries(Object.entries(names).filter(([, n]) => n !== ""));
    await store.setComponentNames(version as string, kept);
    d.models.rename(version as string, kept);
    await d.access.audit(req, "components renamed", `${version}: ${JSON.stringify(kept).slice(0, 300)}`);
    sendJson(res, 200, { version: version as string, names: kept } satisfies NamesResponse);
  };
}
