import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..", "..");

/** The package's npm scripts that run a TypeScript file: name → file. */
async function scripts(): Promise<[string, string][]> {
  const pkg = JSON.parse(await readFile(resolve(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return Object.entries(pkg.scripts).flatMap(([name, command]) => {
    const m = /^tsx (?:watch )?(\S+\.ts)/.exec(command);
    return m ? [[name, m[1] as string] as [string, string]] : [];
  });
}

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", file, ...args], { cwd: root }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("every npm run script's command line", () => {
  it("answers --help with its usage and options, and a bad option with one line naming it (exit 2)", async () => {
    const all = await scripts();
    expect(all.map(([name]) => name)).toEqual(
      expect.arrayContaining(["start", "dataset:synth", "dataset:import", "train", "model:report", "bench:rooms"]),
    );
    for (const [name, file] of all) {
      const help = await run(file, ["--help"]);
      expect([name, help.code, help.stdout]).toEqual([name, 0, expect.stringMatching(/^usage: /)]);
      const bad = await run(file, ["--no-such-option"]);
      expect([name, bad.code, bad.stderr.trim().split("\n")]).toEqual([
        name,
        2,
        [expect.stringMatching(/'--no-such-option'.*see --help/)],
      ]);
    }
  });

  it("names a bad value and what the option takes, before any work", async () => {
    const bad = await run("scripts/train.ts", ["--out", "models/x", "--batch", "8.5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("train: --batch 8.5: must be a whole number (see --help)");
    const rooms = await run("scripts/bench-rooms.ts", ["--rooms", "0"]);
    expect(rooms.stderr.trim()).toBe("bench:rooms: --rooms 0: must be 1 or above (see --help)");
  });
});
