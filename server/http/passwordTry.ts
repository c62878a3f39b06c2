/**
 * One try of the admin password (a login or a password change), taken from the login guard
 * (loginGuard.ts): the same limits per address, per known browser and per account hold for both.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LoginGuard } from "../admin/loginGuard";
import type { AdminAccess } from "./adminAccess";
import { HttpError } from "./readJsonBody";

export interface PasswordTryDeps {
  access: AdminAccess;
  guard: LoginGuard;
}

/** Takes one password try for this client (`device`: its known browser's id, if any), or answers 429 (audited). */
export async function takePasswordTry(
  { access, guard }: PasswordTryDeps,
  req: IncomingMessage,
  res: ServerResponse,
  device: string | null,
  action: string,
): Promise<void> {
  const verdict = guard.check(access.clientAddressOf(req), device);
  if (verdict.ok) return;
  await access.refused(req, action, verdict.why);
  res.setHeader("retry-after", String(verdict.retryAfterS));
  throw new HttpError(429, verdict.why);
}
