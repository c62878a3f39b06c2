/**
 * Whether a request's admin session is live: known to the server, not revoked, within 8 hours of its
 * login (the area's maxMs) and used within the idle limit. A session that is over says why.
 */
import type { AdminConfig } from "../admin/adminConfig";
import type { AdminSessionRow, AdminSessionStore } from "../db/AdminSessionStore";
import { idOf } from "./adminCookies";

export type SessionCheck = { ok: true; row: AdminSessionRow } | { ok: false; why: string; ended: boolean };

const duration = (ms: number) =>
  ms >= 3600_000 ? `${ms / 3600_000} hours` : ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${ms / 1000} s`;

/** The session of the cookie's `token`, or why there is none (`ended`: there was one and it is over). */
export async function checkSession(
  sessions: AdminSessionStore,
  config: AdminConfig,
  token: string | undefined,
): Promise<SessionCheck> {
  if (!token) return { ok: false, why: "log in to the admin area first", ended: false };
  const row = await sessions.session(idOf(token));
  const now = Date.now();
  const why = !row
    ? "your admin session is unknown to the server"
    : row.revokedAt
      ? `your admin session was ended: ${row.revokedWhy}`
      : now - row.createdAt.getTime() > config.maxMs
        ? `your admin session expired ${duration(config.maxMs)} after its login`
        : now - row.seenAt.getTime() > config.idleMs
          ? `your admin session expired after ${duration(config.idleMs)} without use`
          : null;
  return row && why === null ? { ok: true, row } : { ok: false, why: `${why}; log in again`, ended: true };
}
