/**
 * /api/admin/session, /login and /logout: whether the area is on and this browser logged in (with its
 * CSRF token), a login with the admin password (limited by the login guard, every refusal audited), and
 * a logout that ends this session.
 */
import {
  type AdminSessionState,
  type LoginResponse,
  type LogoutResponse,
  loginRequestSchema,
} from "../../lib/api/adminApi";
import { passwordMatches } from "../admin/adminConfig";
import { ADMIN_OFF } from "./adminAccess";
import { type PasswordTryDeps, takePasswordTry } from "./passwordTry";
import { HttpError, readJsonBody } from "./readJsonBody";
import type { Handler, Route } from "./router";
import { sendJson } from "./sendJson";

export function loginRoutes(d: PasswordTryDeps): Route[] {
  const { access } = d;
  return [
    {
      pattern: /^\/api\/admin\/session$/,
      methods: {
        GET: async (req, res) => {
          if (!access.config.enabled)
            return sendJson(res, 200, { enabled: false, how: ADMIN_OFF } satisfies AdminSessionState);
          const verdict = await access.check(req);
          if (!verdict.ok && verdict.ended) access.forget(req, res);
          sendJson(res, 200, {
            enabled: true,
            loggedIn: verdict.ok,
            csrf: verdict.ok ? verdict.row.csrf : undefined,
            ended: !verdict.ok && verdict.ended ? verdict.why : undefined,
          } satisfies AdminSessionState);
        },
      },
    },
    { pattern: /^\/api\/admin\/login$/, methods: { POST: loginHandler(d) } },
    {
      pattern: /^\/api\/admin\/logout$/,
      methods: {
        POST: async (req, res) => {
          const s = await access.admin(req, res, true);
          await access.enabled().sessions.revoke("logged out", { id: s.id });
          access.forget(req, res);
          await access.audit(req, "logout");
          sendJson(res, 200, { loggedIn: false } satisfies LogoutResponse);
        },
      },
    },
  ];
}

/** A login: a right password opens a session (and remembers the browser), a wrong one counts against the guard. */
function loginHandler(d: PasswordTryDeps): Handler {
  const { access, guard } = d;
  return async (req, res) => {
    const { sessions } = access.enabled();
    const device = await access.knownDevice(req);
    await takePasswordTry(d, req, res, device, "login limited");
    const { password } = await readJsonBody(req, loginRequestSchema);
    if (!(await passwordMatches(await sessions.credential(), password))) {
      guard.failed(device);
      await access.audit(req, "login refused", device ? "wrong password, from a known browser" : "wrong password");
      throw new HttpError(401, "wrong password");
    }
    guard.succeeded(device);
    const csrf = await access.open(req, res, device);
    await access.audit(req, "login");
    sendJson(res, 200, { loggedIn: true, csrf } satisfies LoginResponse);
  };
}
