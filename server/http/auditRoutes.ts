/**
 * /api/admin/audit: the admin area's audit log, newest first (the last 100): its changes and refusals,
 * with their addresses.
 */
import type { AuditEntryView } from "../../lib/api/adminApi";
import type { AdminAccess } from "./adminAccess";
import type { Route } from "./router";
import { sendJson } from "./sendJson";

export function auditRoutes(access: AdminAccess): Route[] {
  return [
    {
      pattern: /^\/api\/admin\/audit$/,
      methods: {
        GET: async (req, res) => {
          await access.admin(req, res, false);
          const rows = await access.enabled().store.auditLog();
          sendJson(
            res,
            200,
            rows.map((a): AuditEntryView => ({ ...a, at: a.at.toISOString() })),
          );
        },
      },
    },
  ];
}
