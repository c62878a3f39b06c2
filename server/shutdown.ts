/**
 * On SIGINT or SIGTERM: stop taking connections, write every edit, then release what the process holds.
 * Exits 0 when every edit was written, 1 (having said how many were lost) when the database refused them.
 */
import type { LikenessServer } from "./createServer";
import type { Log } from "./operations/logger";

export function closeOnSignals(server: LikenessServer, release: () => Promise<void>, log: Log): void {
  let closing = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      log(`${signal}: closing`);
      let code = 0;
      server
        .close()
        .catch((error: unknown) => {
          code = 1;
          log(`shutdown: ${(error as Error).message}`, "error");
        })
        .then(release)
        .catch((error: unknown) => log(`shutdown: ${(error as Error).message}`, "error"))
        .finally(() => process.exit(code));
    });
  }
}
