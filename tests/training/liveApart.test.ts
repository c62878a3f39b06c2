/** The live server and the browser never load the offline tools: nothing in server/, lib/ or app/ imports training/. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith("server/db/generated/"));
}

describe("live apart from offline", () => {
  it("server/, lib/ and app/ import nothing under training/", () => {
    const offenders: string[] = [];
    for (const file of ["server", "lib", "app"].flatMap(sources)) {
      const text = readFileSync(join(root, file), "utf8");
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        if (!spec?.startsWith(".")) continue;
        const target = relative(root, resolve(root, dirname(file), spec));
        if (target === "training" || target.startsWith("training/")) offenders.push(`${file} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
