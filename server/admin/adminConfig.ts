/**
 * The admin area's settings and its password. ADMIN_PASSWORD turns the area on: it is kept only as a
 * scrypt hash in the database (the variable is cleared once read). A password changed in the admin area
 * holds until ADMIN_PASSWORD itself changes, which is how an operator resets a forgotten one; either
 * change ends every admin session. ADMIN_SESSION_IDLE_MINUTES (default 30) ends a session left idle.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { AdminSessionStore, StoredCredential } from "../db/AdminSessionStore";

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export interface AdminConfig {
  /** false: the admin area is off (no ADMIN_PASSWORD) */
  enabled: boolean;
  /** a session unused this long ends (ms) */
  idleMs: number;
  /** a session ends this long after its login, used or not (ms) */
  maxMs: number;
  /** repeated refusals of one kind and client are audited as one row per window (ms; default a minute) */
  refusalWindowMs?: number;
}

export const DEFAULT_IDLE_MINUTES = 30;
export const SESSION_HOURS = 8;

export const adminConfig = (enabled: boolean, idleMinutes = DEFAULT_IDLE_MINUTES): AdminConfig => ({
  enabled,
  idleMs: idleMinutes * 60_000,
  maxMs: SESSION_HOURS * 3600_000,
});

export async function hashPassword(password: string): Promise<{ salt: Buffer; hash: Buffer }> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt, 64) };
}

const matches = async (attempt: string, salt: Buffer, hash: Buffer) =>
  timingSafeEqual(await derive(attempt, salt, 64), hash);

/** Whether `attempt` is the stored admin password (false when none is set). */
export async function passwordMatches(stored: StoredCredential | null, attempt: string): Promise<boolean> {
  return stored !== null && matches(attempt, stored.salt, stored.hash);
}

/** Sets the password an admin chose, keeping the fingerprint of the ADMIN_PASSWORD it overrides. */
export async function changePassword(sessions: AdminSessionStore, stored: StoredCredential, next: string) {
  const { salt, hash } = await hashPassword(next);
  await sessions.setCredential({ salt, hash, envSalt: stored.envSalt, envHash: stored.envHash });
}

/**
 * Takes ADMIN_PASSWORD as the admin password unless it is the variable an admin's change already
 * overrode; a new password ends every session. Returns whether it did.
 */
export async function adoptEnvPassword(sessions: AdminSessionStore, password: string): Promise<boolean> {
  const stored = await sessions.credential();
  if (stored && (await matches(password, stored.envSalt, stored.envHash))) return false;
  const { salt, hash } = await hashPassword(password);
  await sessions.setCredential({ salt, hash, envSalt: salt, envHash: hash });
  await sessions.revoke("the admin password was changed (ADMIN_PASSWORD)", {});
  return true;
}

export async function adminConfigFromEnv(
  sessions: AdminSessionStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AdminConfig> {
  const password = env.ADMIN_PASSWORD;
  delete env.ADMIN_PASSWORD;
  const idle = env.ADMIN_SESSION_IDLE_MINUTES;
  const minutes = idle === undefined ? DEFAULT_IDLE_MINUTES : Number(idle);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > 24 * 60)
    throw new Error("ADMIN_SESSION_IDLE_MINUTES must be a number of minutes from 1 to 1440");
  if (password) await adoptEnvPassword(sessions, password);
  return adminConfig(Boolean(password), minutes);
}
