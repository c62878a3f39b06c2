/**
 * Who may use the admin area. A login sets an httpOnly, SameSite=Strict cookie (Secure behind HTTPS)
 * holding a random token; the server keeps the session (AdminSessionStore, keyed by the token's hash)
 * and reads it on every admin request, so logout, "log out everywhere" and a password change end it at
 * once, on every instance. A session ends after ADMIN_SESSION_IDLE_MINUTES unused and 8 hours after
 * its login. Every change must send back the session's CSRF token in the x-csrf-token header. Every
 * admin action and every refused attempt is audited (repeated refusals as one row a minute).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse, serialize } from "cookie";
import { CSRF_HEADER, POLL_HEADER } from "../../lib/api/adminApi";
import type { AdminConfig } from "../admin/adminConfig";
import { AuditBursts } from "../admin/auditBursts";
import type { AdminSessionRow, AdminSessionStore } from "../db/AdminSessionStore";
import type { AdminStore } from "../db/AdminStore";
import type { ClientAddress } from "./clientAddress";
import { HttpError } from "./readJsonBody";

export const SESSION_COOKIE = "likeness-admin";
export const DEVICE_COOKIE = "likeness-admin-device";
export const ADMIN_OFF = "the admin area is off: set ADMIN_PASSWORD in the server's environment and restart it";
/** seenAt is written at most this often per session */
const TOUCH_MS = 30_000;

export interface AdminAccessDeps {
  config: AdminConfig;
  /** null only while the area is off (no password) */
  store: AdminStore | null;
  sessions: AdminSessionStore | null;
  clientAddress: ClientAddress;
  /** whether the request came over HTTPS (directly or through a trusted proxy) */
  secure(req: IncomingMessage): boolean;
}

const sameToken = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const duration = (ms: number) =>
  ms >= 3600_000 ? `${ms / 3600_000} hours` : ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${ms / 1000} s`;
const idOf = (token: string) => createHash("sha256").update(token).digest("hex");
const cookieOf = (req: IncomingMessage, name: string): string | undefined => {
  const value = parse(req.headers.cookie ?? "")[name];
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
};

export type SessionCheck = { ok: true; row: AdminSessionRow } | { ok: false; why: string; ended: boolean };

export function adminAccess(d: AdminAccessDeps) {
  const setCookie = (req: IncomingMessage, res: ServerResponse, name: string, value: string, maxAgeS: number) => {
    const previous = res.getHeader("set-cookie");
    const cookie = serialize(name, value, {
      httpOnly: true,
      sameSite: "strict",
      secure: d.secure(req),
      path: "/",
      maxAge: maxAgeS,
    });
    res.setHeader("set-cookie", [...(Array.isArray(previous) ? previous : []), cookie]);
  };
  /** The admin stores, or 404 (saying how to turn the area on) while the area is off. */
  const enabled = () => {
    if (!d.config.enabled || !d.store || !d.sessions) throw new HttpError(404, ADMIN_OFF);
    return { store: d.store, sessions: d.sessions };
  };
  const bursts = new AuditBursts(
    (action, detail, address) => enabled().store.audit(action, detail, address),
    d.config.refusalWindowMs,
  );
  const touchMs = Math.min(TOUCH_MS, d.config.idleMs / 10);
  const audit = (req: IncomingMessage, action: string, detail = "") =>
    enabled().store.audit(action, detail, d.clientAddress(req));

  /** Clears the session cookie (the session row is the caller's to revoke). */
  const forget = (req: IncomingMessage, res: ServerResponse) => setCookie(req, res, SESSION_COOKIE, "", 0);

  /** The request's session, or why it has none (`ended`: it had one that is over). */
  const check = async (req: IncomingMessage): Promise<SessionCheck> => {
    const { sessions } = enabled();
    const token = cookieOf(req, SESSION_COOKIE);
    if (!token) return { ok: false, why: "log in to the admin area first", ended: false };
    const row = await sessions.session(idOf(token));
    const now = Date.now();
    const why = !row
      ? "your admin session is unknown to the server"
      : row.revokedAt
        ? `your admin session was ended: ${row.revokedWhy}`
        : now - row.createdAt.getTime() > d.config.maxMs
          ? `your admin session expired ${duration(d.config.maxMs)} after its login`
          : now - row.seenAt.getTime() > d.config.idleMs
            ? `your admin session expired after ${duration(d.config.idleMs)} without use`
            : null;
    return row && why === null ? { ok: true, row } : { ok: false, why: `${why}; log in again`, ended: true };
  };

  return {
    config: d.config,
    clientAddressOf: d.clientAddress,
    enabled,
    audit,
    check,
    /** The device cookie's id when it names a browser an admin logged in from. */
    async knownDevice(req: IncomingMessage): Promise<string | null> {
      const token = cookieOf(req, DEVICE_COOKIE);
      if (!token) return null;
      const id = idOf(token);
      return (await enabled().sessions.knownDevice(id)) ? id : null;
    },
    /**
     * Starts a session for a correct password; its CSRF token. A browser not known yet (`device`: the
     * id knownDevice gave, or null) is remembered with a device cookie of its own.
     */
    async open(req: IncomingMessage, res: ServerResponse, device: string | null): Promise<string> {
      const { sessions } = enabled();
      const token = randomBytes(32).toString("base64url");
      const csrf = randomBytes(24).toString("base64url");
      await sessions.create({
        id: idOf(token),
        csrf,
        address: d.clientAddress(req),
        agent: String(req.headers["user-agent"] ?? "").slice(0, 200),
      });
      setCookie(req, res, SESSION_COOKIE, token, d.config.maxMs / 1000);
      if (device === null) {
        const token = randomBytes(32).toString("base64url");
        await sessions.addDevice(idOf(token));
        setCookie(req, res, DEVICE_COOKIE, token, 365 * 24 * 3600);
      }
      // sessions long over are forgotten (their audit rows stay)
      await sessions.prune(new Date(Date.now() - 30 * 24 * 3600_000));
      return csrf;
    },
    forget,
    /**
     * The admin's live session, or 401 saying why (an ended session is audited and its cookie
     * cleared); a change must also carry the session's CSRF token (else 403).
     */
    async admin(req: IncomingMessage, res: ServerResponse, change: boolean): Promise<AdminSessionRow> {
      const verdict = await check(req);
      if (!verdict.ok) {
        if (verdict.ended) {
          const token = cookieOf(req, SESSION_COOKIE) ?? "";
          await bursts.record(
            `session:${idOf(token)}`,
            "session refused",
            `${req.method} ${req.url?.split("?")[0]}: ${verdict.why}`,
            d.clientAddress(req),
          );
          forget(req, res);
        }
        throw new HttpError(401, verdict.why);
      }
      const { row } = verdict;
      if (change && !sameToken(req.headers[CSRF_HEADER] as string | undefined, row.csrf)) {
        await bursts.record(
          `csrf:${row.id}`,
          "change refused",
          `${req.method} ${req.url}: missing or wrong CSRF token`,
          d.clientAddress(req),
        );
        throw new HttpError(403, "missing or wrong CSRF token: reload the admin page");
      }
      if (req.headers[POLL_HEADER] === undefined && Date.now() - row.seenAt.getTime() > touchMs)
        await enabled().sessions.touch(row.id);
      return row;
    },
    /** Audits a refused login try, once a minute per address with the count of the rest. */
    refused: (req: IncomingMessage, action: string, detail: string) =>
      bursts.record(`${action}:${d.clientAddress(req)}`, action, detail, d.clientAddress(req)),
  };
}

export type AdminAccess = ReturnType<typeof adminAccess>;
