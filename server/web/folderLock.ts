/**
 * A lock between processes on one machine: a folder made atomically, with the holder's pid inside. Two
 * servers starting at once (several instances, or test files run side by side) build the app once: the
 * second waits, then finds the build done. A lock whose holder died is taken over.
 */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 250;
/** a lock without a readable pid this long after it was made was left by a process that died making it */
const UNCLAIMED_MS = 10_000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Whether the lock at `path` was left by a process that is gone. */
async function abandoned(path: string): Promise<boolean> {
  const pid = Number(await readFile(join(path, "pid"), "utf8").catch(() => ""));
  if (pid > 0) return !alive(pid);
  const made = await stat(path).catch(() => null);
  return made !== null && Date.now() - made.mtimeMs > UNCLAIMED_MS;
}

/** Runs `work` holding the lock at `path`, waiting while another process holds it. */
export async function withFolderLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await abandoned(path)) await rm(path, { recursive: true, force: true });
      else await sleep(POLL_MS);
    }
  }
  try {
    await writeFile(join(path, "pid"), String(process.pid));
    return await work();
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}
