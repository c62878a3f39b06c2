/**
 * /api/admin/password: changing the admin password. The current one must be given (its tries limited
 * like logins); the change ends every other session.
 */
import { type PasswordChangedResponse, passwordRequestSchema } from "../../lib/api/adminApi";
import { changePassword, passwordMatches } from "../admin/adminConfig";
import { type PasswordTryDeps, takePasswordTry } from "./passwordTry";
import { HttpError, readJsonBody } from "./readJsonBody";
import type { Route } from "./router";
import { sendJson } from "./sendJson";

export function passwordRoutes(d: PasswordTryDeps): Route[] {
  const { access, guard } = d;
  return [
    {
      pattern: /^\/api\/admin\/password$/,
      methods: {
        POST: async (req, res) => {
          const s = await access.admin(req, res, true);
          const { current, next } = await readJsonBody(req, passwordRequestSchema);
          const device = await access.knownDevice(req);
          await takePasswordTry(d, req, res, device, "password change limited");
          const { sessions } = access.enabled();
          const stored = await sessions.credential();
          if (!stored || !(await passwordMatches(stored, current))) {
            guard.failed(device);
            await access.audit(req, "password change refused", "wrong current password");
            throw new HttpError(403, "the current password is wrong");
          }
          if (next === current) throw new HttpError(400, "the new password is the current one");
          await changePassword(sessions, stored, next);
          const count = await sessions.revoke("the admin password was changed", { except: s.id });
          await access.audit(req, "password changed", `${count} other session(s) ended`);
          sendJson(res, 200, { changed: true, ended: count } satisfies PasswordChangedResponse);
        },
      },
    },
  ];
}
