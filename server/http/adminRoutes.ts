/**
 * /api/admin/*: the admin area's session (login, logout), model versions (list, activate) and audit
 * log. Access (adminAccess.ts): a sealed session cookie and a CSRF token on every change. Logins are
 * rate-limited per address. Without ADMIN_PASSWORD every route answers 404 with how to turn it on.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { passwordMatches } from "../admin/adminConfig";
import type { ModelRegistry } from "../render/ModelRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import { ADMIN_OFF, type AdminAccessDeps, adminAccess } from "./adminAccess";
import { HttpError, readJsonBody } from "./readJsonBody";
import { router } from "./router";
import { sendJson } from "./sendJson";

const loginSchema = z.object({ password: z.string().min(1).max(200) }).strict();
const namesSchema = z.object({ names: z.record(z.string().regex(/^\d{1,3}$/), z.string().trim().max(40)) }).strict();

export interface AdminRouteDeps extends AdminAccessDeps {
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

export function adminRoutes(d: AdminRouteDeps) {
  // five tries a minute per address, then one every twelve seconds
  const logins = new PerClientLimiter(5 / 60, 5);
  const { session, enabled, admin, audit } = adminAccess(d);
  return router([
    {
      pattern: /^\/api\/admin\/session$/,
      methods: {
        GET: async (req, res) => {
          if (!d.config.password) return sendJson(res, 200, { enabled: false, how: ADMIN_OFF });
          const s = await session(req, res);
          sendJson(res, 200, { enabled: true, loggedIn: s.admin === true, csrf: s.admin ? s.csrf : undefined });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/login$/,
      methods: {
        POST: async (req, res) => {
          enabled();
          if (!logins.take(d.clientAddress(req)))
            throw new HttpError(429, "too many login attempts from your address; wait a minute");
          const { password } = await readJsonBody(req, loginSchema);
          if (!(await passwordMatches(d.config, password))) {
            await audit(req, "login refused");
            throw new HttpError(401, "wrong password");
          }
          const s = await session(req, res);
          s.admin = true;
          s.csrf = randomBytes(24).toString("base64url");
          await s.save();
          await audit(req, "login");
          sendJson(res, 200, { loggedIn: true, csrf: s.csrf });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/logout$/,
      methods: {
        POST: async (req, res) => {
          const s = await admin(req, res, true);
          s.destroy();
          await audit(req, "logout");
          sendJson(res, 200, { loggedIn: false });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          const rows = await enabled().modelVersions();
          sendJson(
            res,
            200,
            rows.map(({ manifest, dir: _dir, ...row }) => {
              const m = manifest as {
                metrics?: { trainPsnr?: number; explainedVarianceTop10?: number; explainedVarianceTop20?: number };
                training?: { seconds?: number };
                dataset?: { size?: number; id?: string; source?: string };
              };
              return {
                ...row,
                active: row.version === d.models.activeVersion,
                loaded: d.models.versions.includes(row.version),
                trainPsnr: m.metrics?.trainPsnr ?? null,
                explainedVarianceTop10: m.metrics?.explainedVarianceTop10 ?? null,
                explainedVarianceTop20: m.metrics?.explainedVarianceTop20 ?? null,
                trainingSeconds: m.training?.seconds ?? null,
                dataset: m.dataset ?? null,
                report: d.reportFile ? existsSync(d.reportFile(row.version)) : false,
              };
            }),
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
          sendJson(res, 200, { active: version });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})\/names$/,
      methods: {
        POST: async (req, res, [version]) => {
          await admin(req, res, true);
          const { names } = await readJsonBody(req, namesSchema);
          const row = await enabled().modelVersion(version as string);
          if (!row) throw new HttpError(404, "no such model version");
          const latent = (row.manifest as { latent?: number }).latent ?? 0;
          const bad = Object.keys(names).find((k) => Number(k) >= latent);
          if (bad !== undefined) throw new HttpError(400, `model ${version} has no component ${Number(bad) + 1}`);
          const kept = Object.fromEntries(Object.entries(names).filter(([, n]) => n !== ""));
          await enabled().setComponentNames(version as string, kept);
          d.models.rename(version as string, kept);
          await audit(req, "components renamed", `${version}: ${JSON.stringify(kept).slice(0, 300)}`);
          sendJson(res, 200, { version, names: kept });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})$/,
      methods: {
        DELETE: async (req, res, [version]) => {
          await admin(req, res, true);
          const row = await enabled().modelVersion(version as string);
          if (!row) throw new HttpError(404, "no such model version");
          const why =
            version === d.models.activeVersion
              ? "it is the active version"
              : row.rooms > 0
                ? `${row.rooms} room(s) use it`
                : d.shippedModelDir !== undefined && resolve(row.dir) === resolve(d.shippedModelDir)
                  ? "it is the shipped default"
                  : null;
          if (why) throw new HttpError(409, `model ${version} cannot be deleted: ${why}`);
          await enabled().deleteModelVersion(version as string);
          const trained = d.trainedModelsDir ? resolve(d.trainedModelsDir) : null;
          if (trained && resolve(row.dir).startsWith(`${trained}/`))
            await rm(row.dir, { recursive: true, force: true });
          await audit(req, "model deleted", version as string);
          sendJson(res, 200, { deleted: version });
        },
      },
    },
    {
      pattern: /^\/api\/admin\/audit$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          sendJson(res, 200, await enabled().auditLog());
        },
      },
    },
  ]);
}
