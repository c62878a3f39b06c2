/**
 * /api/admin/*: the admin area's sessions (loginRoutes.ts: login, logout, this browser's session;
 * adminSessionRoutes.ts: the live sessions, log out everywhere; passwordRoutes.ts: a password change),
 * model versions (modelVersionRoutes.ts: list, activate, delete; modelSettingRoutes.ts: component
 * names, local drawing) and the audit log (auditRoutes.ts). Access (adminAccess.ts): a server-side
 * session behind a cookie and a CSRF token on every change; logins and password changes share one
 * guard, limited per address, per known browser and per account (loginGuard.ts). Without
 * ADMIN_PASSWORD every route answers 404 with how to turn it on.
 */
import { LoginGuard } from "../admin/loginGuard";
import { adminSessionRoutes } from "./adminSessionRoutes";
import { auditRoutes } from "./auditRoutes";
import { loginRoutes } from "./loginRoutes";
import { modelSettingRoutes } from "./modelSettingRoutes";
import { type ModelVersionRouteDeps, modelVersionRoutes } from "./modelVersionRoutes";
import { passwordRoutes } from "./passwordRoutes";
import { router } from "./router";

/** What the admin routes need: the model versions' routes need it all, the others only `access`. */
export type AdminRouteDeps = ModelVersionRouteDeps;

export function adminRoutes(d: AdminRouteDeps) {
  const tries = { access: d.access, guard: new LoginGuard() };
  return router([
    ...loginRoutes(tries),
    ...adminSessionRoutes(d.access),
    ...passwordRoutes(tries),
    ...modelVersionRoutes(d),
    ...modelSettingRoutes(d),
    ...auditRoutes(d.access),
  ]);
}
