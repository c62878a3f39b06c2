import { type AdminConfig, adminConfig, adoptEnvPassword } from "../../server/admin/adminConfig";
import { AdminSessionStore } from "../../server/db/AdminSessionStore";
import { AdminStore } from "../../server/db/AdminStore";
import type { Db } from "../../server/db/database";

/** The admin area on `db` with `password` set as ADMIN_PASSWORD sets it. */
export async function adminArea(db: Db, password: string, config: Partial<AdminConfig> = {}) {
  const sessions = new AdminSessionStore(db);
  await adoptEnvPassword(sessions, password);
  return { config: { ...adminConfig(true), ...config }, store: new AdminStore(db), sessions };
}
