/**
 * The layers keep to their rules (docs/architecture.md), read from the imports: the live server and the
 * browser never load the offline tools; the offline tools use the model runtime and artifact format
 * (server/model/), never the rest of the server; the model runtime uses nothing above it; lib/ is
 * shared and imports neither the server nor the pages.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith("server/db/generated/"));
}

/** Every relative import of the files under `dirs`, as `file → target` (paths from the repository root). */
function imports(dirs: string[]): { file: string; target: string }[] {
  return dirs.flatMap(sources).flatMap((file) =>
    [...readFileSync(join(root, file), "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
      .map((m) => m[1] as string)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => ({ file, target: relative(root, resolve(root, dirname(file), spec)) })),
  );
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** The imports from `from` that reach `to` (minus `except`, a part of `to` that may be used). */
function offenders(from: string[], to: string[], except?: string): string[] {
  return imports(from)
    .filter(({ target }) => to.some((d) => under(target, d)) && !(except && under(target, except)))
    .map(({ file, target }) => `${file} → ${target}`);
}

describe("layers", () => {
  it("server/, lib/ and app/ import nothing under training/", () => {
    expect(offenders(["server", "lib", "app"], ["training"])).toEqual([]);
  });

  it("training/ uses only the model runtime and artifact format of the server (server/model/)", () => {
    expect(offenders(["training"], ["server"], "server/model")).toEqual([]);
  });

  it("the model runtime (server/model/) imports nothing else of the server", () => {
    expect(offenders(["server/model"], ["server"], "server/model")).toEqual([]);
  });

  it("lib/ imports neither the server nor the pages", () => {
    expect(offenders(["lib"], ["server", "app"])).toEqual([]);
  });
});
