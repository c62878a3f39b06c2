/**
 * Who may use the admin area. A login sets an httpOnly, SameSite=Strict cookie (Secure behind HTTPS)
 * holding a random token; the server keeps the session (AdminSessionStore, keyed by the token's hash)
 * and reads it on every admin request, so logout, "log out everywhere" and a password change end it at
 * once, on every instance. A session ends after ADMIN_SESSION_IDLE_MINUTES unused and 8 hours after
 * its login. Every change must send back the session's CSRF token in the x-csrf-token header. Every
 * admin action and every refused attempt is audited (repeated refusals as one row a minute).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CSRF_HEADER, POLL_HEADER } from "../../lib/api/adminApi";
import type { AdminConfig } from "../admin/adminConfig";
import { AuditBursts } from "../admin/auditBursts";
import type { AdminSessionRow, AdminSessionStore } from "../db/AdminSessionStore";
import type { AdminStore } from "../db/AdminStore";
import { cookieOf, DEVICE_COOKIE, idOf, newToken, SESSION_COOKIE, setCookie } from "./adminCookies";
import { checkSession, type SessionCheck } from "./adminSessionCheck";
import type { ClientAddress } from "./clientAddress";
import { HttpError } from "./readJsonBody";

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

/** What the access's steps share: its deps, the stores while the area is on, and the session's checks. */
interface AccessSteps {
  d: AdminAccessDeps;
  sessions(): AdminSessionStore;
  check(req: IncomingMessage): Promise<SessionCheck>;
  forget(req: IncomingMessage, res: ServerResponse): void;
  /** a session's seenAt is written when older than this */
  touchMs: number;
  /** audits a refusal, the first of `key` in a window at once and the rest as one row */
  refuse(req: IncomingMessage, key: string, action: string, detail: string): Promise<void>;
}

const sameToken = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function adminAccess(d: AdminAccessDeps) {
  /** The admin stores, or 404 (saying how to turn the area on) while the area is off. */
  const enabled = () => {
    if (!d.config.enabled || !d.store || !d.sessions) throw new HttpError(404, ADMIN_OFF);
    return { store: d.store, sessions: d.sessions };
  };
  const bursts = new AuditBursts(
    (action, detail, address) => enabled().store.audit(action, detail, address),
    d.config.refusalWindowMs,
  );
  const audit = (req: IncomingMessage, action: string, detail = "") =>
    enabled().store.audit(action, detail, d.clientAddress(req));
  /** Clears the session cookie (the session row is the caller's to revoke). */
  const forget = (req: IncomingMessage, res: ServerResponse) => setCookie(res, d.secure(req), SESSION_COOKIE, "", 0);
  /** The request's session, or why it has none (`ended`: it had one that is over). */
  const check = async (req: IncomingMessage) =>
    checkSession(enabled().sessions, d.config, cookieOf(req, SESSION_COOKIE));
  const steps: AccessSteps = {
    d,
    sessions: () => enabled().sessions,
    check,
    forget,
    touchMs: Math.min(TOUCH_MS, d.config.idleMs / 10),
    refuse: (req, key, action, detail) => bursts.record(key, action, detail, d.clientAddress(req)),
  };
  return {
    config: d.config,
    clientAddressOf: d.clientAddress,
    enabled,
    audit,
    check,
    /** The device cookie's id when it names a browser an admin logged in from. */
    knownDevice: (req: IncomingMessage) => knownDevice(steps, req),
    /**
     * Starts a session for a correct password; its CSRF token. A browser not known yet (`device`: the
     * id knownDevice gave, or null) is remembered with a device cookie of its own.
     */
    open: (req: IncomingMessage, res: ServerResponse, device: string | null) => openSession(steps, req, res, device),
    forget,
    /**
     * The admin's live session, or 401 saying why (an ended session is audited and its cookie
     * cleared); a change must also carry the session's CSRF token (else 403).
     */
    admin: (req: IncomingMessage, res: ServerResponse, change: boolean) => liveSession(steps, req, res, change),
    /** Audits a refused login try, once a minute per address with the count of the rest. */
    refused: (req: IncomingMessage, action: string, detail: string) =>
      steps.refuse(req, `${action}:${d.clientAddress(req)}`, action, detail),
  };
}

/** The steps of `knownDevice`: the device cookie read and looked up by its id. */
async function knownDevice({ sessions }: AccessSteps, req: IncomingMessage): Promise<string | null> {
  const token = cookieOf(req, DEVICE_COOKIE);
  if (!token) return null;
  const id = idOf(token);
  return (await sessions().knownDevice(id)) ? id : null;
}

/** The steps of `open`: the session row and its cookie, the device cookie if new, old sessions pruned. */
async function openSession(
  steps: AccessSteps,
  req: IncomingMessage,
  res: ServerResponse,
  device: string | null,
): Promise<string> {
  const { d } = steps;
  const sessions = steps.sessions();
  const token = newToken();
  const csrf = randomBytes(24).toString("base64url");
  await sessions.create({
    id: idOf(token),
    csrf,
    address: d.clientAddress(req),
    agent: String(req.headers["user-agent"] ?? "").slice(0, 200),
  });
  setCookie(res, d.secure(req), SESSION_COOKIE, token, d.config.maxMs / 1000);
  if (device === null) {
    const token = newToken();
    await sessions.addDevice(idOf(token));
    setCookie(res, d.secure(req), DEVICE_COOKIE, token, 365 * 24 * 3600);
  }
  // sessions long over are forgotten (their audit rows stay)
  await sessions.prune(new Date(Date.now() - 30 * 24 * 3600_000));
  return csrf;
}

/** The steps of `admin`: the session checked (refusals audited), the CSRF token, seenAt kept fresh. */
async function liveSession(
  steps: AccessSteps,
  req: IncomingMessage,
  res: ServerResponse,
  change: boolean,
): Promise<AdminSessionRow> {
  const { refuse } = steps;
  const verdict = await steps.check(req);
  if (!verdict.ok) {
    if (verdict.ended) {
      const token = cookieOf(req, SESSION_COOKIE) ?? "";
      const detail = `${req.method} ${req.url?.split("?")[0]}: ${verdict.why}`;
      await refuse(req, `session:${idOf(token)}`, "session refused", detail);
      steps.forget(req, res);
    }
    throw new HttpError(401, verdict.why);
  }
  const { row } = verdict;
  if (change && !sameToken(req.headers[CSRF_HEADER] as string | undefined, row.csrf)) {
    await refuse(req, `csrf:${row.id}`, "change refused", `${req.method} ${req.url}: missing or wrong CSRF token`);
    throw new HttpError(403, "missing or wrong CSRF token: reload the admin page");
  }
  if (req.headers[POLL_HEADER] === undefined && Date.now() - row.seenAt.getTime() > steps.touchMs)
    await steps.sessions().touch(row.id);
  return row;
}

export type AdminAccess = ReturnType<typeof adminAccess>;
