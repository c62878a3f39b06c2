/**
 * The admin area's two cookies: the session's and the known browser's. Each holds a random token the
 * server keeps only the hash of (its id), so a stolen database opens no session. Both are httpOnly and
 * SameSite=Strict, and Secure behind HTTPS.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse, serialize } from "cookie";
import { hashToken } from "../sessions/RoomLinks";

export const SESSION_COOKIE = "likeness-admin";
export const DEVICE_COOKIE = "likeness-admin-device";

/** A new token for a cookie: 32 random bytes. */
export const newToken = () => randomBytes(32).toString("base64url");

/** The id the server keeps of a token: its SHA-256, as room links keep theirs. */
export const idOf = hashToken;

/** The request's token in the cookie `name`, when it has the shape of one. */
export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  const value = parse(req.headers.cookie ?? "")[name];
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Adds a cookie to the answer, beside those already set; `secure`: the request came over HTTPS. */
export function setCookie(res: ServerResponse, secure: boolean, name: string, value: string, maxAgeS: number): void {
  const previous = res.getHeader("set-cookie");
  const cookie = serialize(name, value, { httpOnly: true, sameSite: "strict", secure, path: "/", maxAge: maxAgeS });
  res.setHeader("set-cookie", [...(Array.isArray(previous) ? previous : []), cookie]);
}
