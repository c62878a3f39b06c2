/**
 * /api/admin/sessions: the admin's live sessions (which one is this browser's, when each started and was
 * last used, from where), and logging out everywhere, this session included.
 */
import type { AdminSessionView, EndAllResponse } from "../../lib/api/adminApi";
import type { AdminAccess } from "./adminAccess";
import type { Route } from "./router";
import { sendJson } from "./sendJson";

export function adminSessionRoutes(access: AdminAccess): Route[] {
  const { admin, audit, enabled } = access;
  return [
    {
      pattern: /^\/api\/admin\/sessions$/,
      methods: {
        GET: async (req, res) => {
          const s = await admin(req, res, false);
          const now = Date.now();
          const { idleMs, maxMs } = access.config;
          const rows = await enabled().sessions.live(new Date(now - idleMs), new Date(now - maxMs));
          const views = rows.map(
            (r): AdminSessionView => ({
              current: r.id === s.id,
              createdAt: r.createdAt.toISOString(),
              seenAt: r.seenAt.toISOString(),
              address: r.address,
              agent: r.agent,
            }),
          );
          sendJson(res, 200, views);
        },
      },
    },
    {
      pattern: /^\/api\/admin\/sessions\/end-all$/,
      methods: {
        POST: async (req, res) => {
          await admin(req, res, true);
          const count = await enabled().sessions.revoke("an admin logged out everywhere", {});
          access.forget(req, res);
          await audit(req, "logged out everywhere", `${count} session(s) ended`);
          sendJson(res, 200, { loggedIn: false, ended: count } satisfies EndAllResponse);
        },
      },
    },
  ];
}
