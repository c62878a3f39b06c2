/**
 * /api/admin/*: the admin area. A login with the admin password opens a sealed session cookie
 * (iron-session: httpOnly, SameSite=Strict, Secure behind HTTPS) holding a CSRF token that every change
 * must send back in the x-csrf-token header. Logins are rate-limited per address; every admin action is
 * written to the audit log. Without ADMIN_PASSWORD every route answers 404 with how to turn it on.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getIronSession } from "iron-session";
import { z } from "zod";
import { type AdminConfig, passwordMatches } from "../admin/adminConfig";
import type { AdminStore } from "../db/AdminStore";
import type { ModelRegistry } from "../render/ModelRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { ClientAddress } from "./clientAddress";
import { HttpError, readJsonBody } from "./readJsonBody";
import { router } from "./router";
import { sendJson } from "./sendJson";

export const CSRF_HEADER = "x-csrf-token";
const loginSchema = z.object({ password: z.string().min(1).max(200) }).strict();
const OFF = "the admin area is off: set ADMIN_PASSWORD in the server's environment and restart it";

interface AdminSession {
  admin?: boolean;
  csrf?: string;
}

export interface AdminRouteDeps {
  config: AdminConfig;
  /** null only while the area is off (no password) */
  store: AdminStore | null;
  models: ModelRegistry;
  /** marks a version active in the database */
  activate(version: string): Promise<void>;
  clientAddress: ClientAddress;
  /** whether the request came over HTTPS (directly or through a trusted proxy) */
  secure(req: IncomingMessage): boolean;
}

const sameToken = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function adminRoutes(d: AdminRouteDeps) {
  // five tries a minute per address, then one every twelve seconds
  const logins = new PerClientLimiter(5 / 60, 5);
  const session = (req: IncomingMessage, res: ServerResponse) =>
    getIronSession<AdminSession>(req, res, {
      cookieName: "likeness-admin",
      password: d.config.sessionSecret,
      ttl: 8 * 3600,
      cookieOptions: { httpOnly: true, sameSite: "strict", secure: d.secure(req), path: "/" },
    });
  const enabled = (): AdminStore => {
    if (!d.config.password || !d.store) throw new HttpError(404, OFF);
    return d.store;
  };
  /** The admin's session, or 401; a change must also carry the session's CSRF token (else 403). */
  const admin = async (req: IncomingMessage, res: ServerResponse, change: boolean) => {
    enabled();
    const s = await session(req, res);
    if (!s.admin) throw new HttpError(401, "log in to the admin area first");
    if (change && !sameToken(req.headers[CSRF_HEADER] as string | undefined, s.csrf))
      throw new HttpError(403, "missing or wrong CSRF token: reload the admin page");
    return s;
  };
  const audit = (req: IncomingMessage, action: string, detail = "") =>
    enabled().audit(action, detail, d.clientAddress(req));

  return router([
    {
      pattern: /^\/api\/admin\/session$/,
      methods: {
        GET: async (req, res) => {
          if (!d.config.password) return sendJson(res, 200, { enabled: false, how: OFF });
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
