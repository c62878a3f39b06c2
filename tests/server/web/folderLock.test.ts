import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { withFolderLock } from "../../../server/web/folderLock";
import { tempDir } from "../../helpers/tinyDataset";

it("runs one holder at a time: a second waits until the first is done", async () => {
  const lock = join(await tempDir("lock"), "build.lock");
  const events: string[] = [];
  const hold = (name: string) =>
    withFolderLock(lock, async () => {
      events.push(`${name} in`);
      await sleep(100);
      events.push(`${name} out`);
    });
  await Promise.all([hold("a"), hold("b")]);
  expect(events).toEqual(["a in", "a out", "b in", "b out"]);
});

it("takes over a lock whose holder died, and gives back the lock when the work fails", async () => {
  const lock = join(await tempDir("lock"), "build.lock");
  const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid as number;
  await mkdir(lock);
  await writeFile(join(lock, "pid"), String(dead));
  await expect(withFolderLock(lock, async () => Promise.reject(new Error("build failed")))).rejects.toThrow(
    "build failed",
  );
  expect(await withFolderLock(lock, async () => "built")).toBe("built");
});
