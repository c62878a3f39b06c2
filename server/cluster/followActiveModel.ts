/**
 * Several instances: an admin activates a model version on one instance, and the others follow it
 * within seconds (the database holds which version is active).
 */
import type { Db } from "../db/database";
import { activeModel } from "../db/modelVersions";
import type { Log } from "../operations/logger";
import type { ModelRegistry } from "../render/ModelRegistry";

const EVERY_MS = 5000;

/** Follows the active version in the database until the returned function is called. */
export function followActiveModel(models: ModelRegistry, db: Db, log: Log): () => void {
  const timer = setInterval(() => {
    activeModel(db)
      .then((version) => (version && version !== models.activeVersion ? models.activate(version) : undefined))
      .catch((error: unknown) => log(`active model not followed: ${(error as Error).message}`, "warn"));
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
