/**
 * Who may use the admin area: a sealed session cookie (iron-session: httpOnly, SameSite=Strict, Secure
 * behind HTTPS) that a login with the admin password opens, holding a CSRF token every change must send
 * back in the x-csrf-token header; and the audit log every admin action is written to.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getIronSession } from "iron-session";
import type { AdminConfig } from "../admin/adminConfig";
import type { AdminStore } from "../db/AdminStore";
import type { ClientAddress } from "./clientAddress";
import { HttpError } from "./readJsonBody";

export const CSRF_HEADER = "x-csrf-token";
export const ADMIN_OFF = "the admin area is off: set ADMIN_PASSWORD in the server's environment and restart it";

export interface AdminSession {
  admin?: boolean;
  csrf?: string;
}

export interface AdminAccessDeps {
  config: AdminConfig;
  /** null only while the area is off (no password) */
  store: AdminStore | null;
  clientAddress: ClientAddress;
  /** whether the request came over HTTPS (directly or through a trusted proxy) */
  secure(req: IncomingMessage): boolean;
}

const sameToken = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function adminAccess(d: AdminAccessDeps) {
  const session = (req: IncomingMessage, res: ServerResponse) =>
    getIronSession<AdminSession>(req, res, {
      cookieName: "likeness-admin",
      password: d.config.sessionSecret,
      ttl: 8 * 3600,
      cookieOptions: { httpOnly: true, sameSite: "strict", secure: d.secure(req), path: "/" },
    });
  /** The admin store, or 404 (saying how to turn the area on) while the area is off. */
  const enabled = (): AdminStore => {
    if (!d.config.password || !d.store) throw new HttpError(404, ADMIN_OFF);
    return d.store;
  };
  return {
    session,
    enabled,
    /** The admin's session, or 401; a change must also carry the session's CSRF token (else 403). */
    async admin(req: IncomingMessage, res: ServerResponse, change: boolean) {
      enabled();
      const s = await session(req, res);
      if (!s.admin) throw new HttpError(401, "log in to the admin area first");
      if (change && !sameToken(req.headers[CSRF_HEADER] as string | undefined, s.csrf))
        throw new HttpError(403, "missing or wrong CSRF token: reload the admin page");
      return s;
    },
    audit: (req: IncomingMessage, action: string, detail = "") => enabled().audit(action, detail, d.clientAddress(req)),
  };
}

export type AdminAccess = ReturnType<typeof adminAccess>;
