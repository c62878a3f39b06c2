/**
 * The admin area's settings from the environment: ADMIN_PASSWORD turns it on (kept only as a scrypt
 * hash, the variable cleared once read); ADMIN_SESSION_SECRET (32 characters or more) seals the session
 * cookies, else a random one per start (admins log in again after a restart).
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export interface AdminConfig {
  /** null: the admin area is off */
  password: { salt: Buffer; hash: Buffer } | null;
  sessionSecret: string;
}

export async function hashPassword(password: string): Promise<{ salt: Buffer; hash: Buffer }> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt, 64) };
}

export async function passwordMatches(config: AdminConfig, attempt: string): Promise<boolean> {
  if (!config.password) return false;
  const hash = await derive(attempt, config.password.salt, 64);
  return timingSafeEqual(hash, config.password.hash);
}

export async function adminConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<AdminConfig> {
  const password = env.ADMIN_PASSWORD;
  delete env.ADMIN_PASSWORD;
  const secret = env.ADMIN_SESSION_SECRET;
  if (secret !== undefined && secret.length < 32) throw new Error("ADMIN_SESSION_SECRET must be 32 characters or more");
  return {
    password: password ? await hashPassword(password) : null,
    sessionSecret: secret ?? randomBytes(32).toString("base64url"),
  };
}
