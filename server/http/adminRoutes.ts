/**
 * /api/admin/*: the admin area's sessions (login, logout, the live sessions, log out everywhere, a
 * password change), model versions (list, activate, names, delete) and audit log. Access
 * (adminAccess.ts): a server-side session behind a cookie and a CSRF token on every change; logins are
 * limited per address, per known browser and per account (loginGuard.ts). Without ADMIN_PASSWORD every
 * route answers 404 with how to turn it on.
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "node:path";
import {
  type ActivatedResponse,
  type AdminSessionState,
  type AdminSessionView,
  type AuditEntryView,
  type DeletedResponse,
  type EndAllResponse,
  type LocalDrawingResponse,
  type LoginResponse,
  type LogoutResponse,
  localDrawingRequestSchema,
  loginRequestSchema,
  type NamesResponse,
  namesRequestSchema,
  type PasswordChangedResponse,
  passwordRequestSchema,
} from "../../lib/api/adminApi";
import { changePassword, passwordMatches } from "../admin/adminConfig";
import { LoginGuard } from "../admin/loginGuard";
import type { ModelRegistry } from "../render/ModelRegistry";
import { ADMIN_OFF, type AdminAccess } from "./adminAccess";
import { modelVersionView } from "./modelVersionView";
import { HttpError, readJsonBody } from "./readJsonBody";
import { router } from "./router";
import { sendJson } from "./sendJson";

export interface AdminRouteDeps {
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

export function adminRoutes(d: AdminRouteDeps) {
  const guard = new LoginGuard();
  const { access } = d;
  const { enabled, admin, audit } = access;
  const store = () => enabled().store;
  /** Takes one password try for this client from the guard, or answers 429 (audited). */
  const passwordTry = async (req: IncomingMessage, res: ServerResponse, device: string | null, action: string) => {
    const verdict = guard.check(access.clientAddressOf(req), device);
    if (verdict.ok) return;
    await access.refused(req, action, verdict.why);
    res.setHeader("retry-after", String(verdict.retryAfterS));
    throw new HttpError(429, verdict.why);
  };
  return router([
    {
      pattern: /^\/api\/admin\/session$/,
      methods: {
        GET: async (req, res) => {
          if (!access.config.enabled)
            return sendJson(res, 200, { enabled: false, how: ADMIN_OFF } satisfies AdminSessionState);
          const verdict = await access.check(req);
          if (!verdict.ok && verdict.ended) access.forget(req, res);
          sendJson(res, 200, {
            enabled: true,
            loggedIn: verdict.ok,
            csrf: verdict.ok ? verdict.row.csrf : undefined,
            ended: !verdict.ok && verdict.ended ? verdict.why : undefined,
          } satisfies AdminSessionState);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/login$/,
      methods: {
        POST: async (req, res) => {
          const { sessions } = enabled();
          const device = await access.knownDevice(req);
          await passwordTry(req, res, device, "login limited");
          const { password } = await readJsonBody(req, loginRequestSchema);
          if (!(await passwordMatches(await sessions.credential(), password))) {
            guard.failed(device);
            await audit(req, "login refused", device ? "wrong password, from a known browser" : "wrong password");
            throw new HttpError(401, "wrong password");
          }
          guard.succeeded(device);
          const csrf = await access.open(req, res, device);
          await audit(req, "login");
          sendJson(res, 200, { loggedIn: true, csrf } satisfies LoginResponse);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/logout$/,
      methods: {
        POST: async (req, res) => {
          const s = await admin(req, res, true);
          await enabled().sessions.revoke("logged out", { id: s.id });
          access.forget(req, res);
          await audit(req, "logout");
          sendJson(res, 200, { loggedIn: false } satisfies LogoutResponse);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/sessions$/,
      methods: {
        GET: async (req, res) => {
          const s = await admin(req, res, false);
          const now = Date.now();
          const { idleMs, maxMs } = access.config;
          const rows = await enabled().sessions.live(new Date(now - idleMs), new Date(now - maxMs));
          const views = rows.map(
            (r): AdminSessionView => ({
              current: r.id === s.id,
              createdAt: r.createdAt.toISOString(),
              seenAt: r.seenAt.toISOString(),
              address: r.address,
              agent: r.agent,
            }),
          );
          sendJson(res, 200, views);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/sessions\/end-all$/,
      methods: {
        POST: async (req, res) => {
          await admin(req, res, true);
          const count = await enabled().sessions.revoke("an admin logged out everywhere", {});
          access.forget(req, res);
          await audit(req, "logged out everywhere", `${count} session(s) ended`);
          sendJson(res, 200, { loggedIn: false, ended: count } satisfies EndAllResponse);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/password$/,
      methods: {
        POST: async (req, res) => {
          const s = await admin(req, res, true);
          const { current, next } = await readJsonBody(req, passwordRequestSchema);
          const device = await access.knownDevice(req);
          await passwordTry(req, res, device, "password change limited");
          const { sessions } = enabled();
          const stored = await sessions.credential();
          if (!stored || !(await passwordMatches(stored, current))) {
            guard.failed(device);
            await audit(req, "password change refused", "wrong current password");
            throw new HttpError(403, "the current password is wrong");
          }
          if (next === current) throw new HttpError(400, "the new password is the current one");
          await changePassword(sessions, stored, next);
          const count = await sessions.revoke("the admin password was changed", { except: s.id });
          await audit(req, "password changed", `${count} other session(s) ended`);
          sendJson(res, 200, { changed: true, ended: count } satisfies PasswordChangedResponse);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          const reported = (version: string) => (d.reportFile ? existsSync(d.reportFile(version)) : false);
          const rows = await store().modelVersions();
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
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})\/names$/,
      methods: {
        POST: async (req, res, [version]) => {
          await admin(req, res, true);
          const { names } = await readJsonBody(req, namesRequestSchema);
          const row = await store().modelVersion(version as string);
          if (!row) throw new HttpError(404, "no such model version");
          const latent = (row.manifest as { latent?: number }).latent ?? 0;
          const bad = Object.keys(names).find((k) => Number(k) >= latent);
          if (bad !== undefined) throw new HttpError(400, `model ${version} has no component ${Number(bad) + 1}`);
          const kept = Object.fromEntries(Object.entries(names).filter(([, n]) => n !== ""));
          await store().setComponentNames(version as string, kept);
          d.models.rename(version as string, kept);
          await audit(req, "components renamed", `${version}: ${JSON.stringify(kept).slice(0, 300)}`);
          sendJson(res, 200, { version: version as string, names: kept } satisfies NamesResponse);
        },
      },
    },
    {
      // whether the version's decoder may leave the server for its rooms' browsers (model privacy)
      pattern: /^\/api\/admin\/models\/([^/]{1,80})\/local-drawing$/,
      methods: {
        POST: async (req, res, [version]) => {
          await admin(req, res, true);
          const { allowed } = await readJsonBody(req, localDrawingRequestSchema);
          if (!(await store().modelVersion(version as string))) throw new HttpError(404, "no such model version");
          await store().setLocalDrawing(version as string, allowed);
          d.models.allowLocalDrawing(version as string, allowed);
          await audit(req, allowed ? "local drawing allowed" : "local drawing stopped", version as string);
          sendJson(res, 200, { version: version as string, localDrawing: allowed } satisfies LocalDrawingResponse);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/models\/([^/]{1,80})$/,
      methods: {
        DELETE: async (req, res, [version]) => {
          await admin(req, res, true);
          const row = await store().modelVersion(version as string);
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
          await store().deleteModelVersion(version as string);
          const trained = d.trainedModelsDir ? resolve(d.trainedModelsDir) : null;
          if (trained && resolve(row.dir).startsWith(`${trained}/`))
            await rm(row.dir, { recursive: true, force: true });
          await audit(req, "model deleted", version as string);
          sendJson(res, 200, { deleted: version as string } satisfies DeletedResponse);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/audit$/,
      methods: {
        GET: async (req, res) => {
          await admin(req, res, false);
          const entries = (await store().auditLog()).map((a): AuditEntryView => ({ ...a, at: a.at.toISOString() }));
          sendJson(res, 200, entries);
        },
      },
    },
  ]);
}
