/**
 * The layers keep to their rules (docs/architecture.md), written once here and read from the imports:
 * the model runtime and artifact format (facemodel/) is a library of both the live server and the
 * offline tools and knows neither; the live server never loads the offline tools, nor they the server;
 * lib/ is shared with the browser and imports neither the server, the runtime nor the pages; the pages
 * import no server or runtime code; inside server/, every folder imports only folders below it
 * (SERVER_LAYERS); and no import forms a cycle.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return (
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name)))
      // Prisma's generated clients
      .filter((f) => !f.startsWith("server/db/generated/") && !f.startsWith("server/db/generated-postgres/"))
  );
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

/** server/'s folders from the bottom up; folders on one floor import neither each other nor anything above */
const SERVER_LAYERS: readonly (readonly string[])[] = [
  ["sessions", "web"],
  ["render"],
  ["rooms"],
  ["operations", "record"],
  ["arrays", "db"],
  ["admin", "jobs"],
  ["http"],
  ["realtime", "cluster"],
];

/** The floor of a file under server/ (its top-level files are above every folder). */
function floorOf(file: string): number {
  const folder = file.split("/")[1] ?? "";
  if (!file.slice("server/".length).includes("/")) return SERVER_LAYERS.length;
  const floor = SERVER_LAYERS.findIndex((names) => names.includes(folder));
  if (floor < 0) throw new Error(`server/${folder}/ is on no floor: add it to SERVER_LAYERS`);
  return floor;
}

/** The imports that go up a floor or sideways between two folders of one floor. */
function upward(edges: { file: string; target: string }[]): string[] {
  return edges
    .filter(({ file, target }) => under(file, "server") && under(target, "server"))
    .filter(({ file, target }) => {
      const [from, to] = [floorOf(file), floorOf(target)];
      return to > from || (to === from && file.split("/")[1] !== target.split("/")[1] && from < SERVER_LAYERS.length);
    })
    .map(({ file, target }) => `${file} → ${target}`);
}

/** Import cycles among the given files: each one found as a list of files. */
function cycles(edges: { file: string; target: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { file, target } of edges) {
    const to = [".ts", ".tsx", "/index.ts"].map((ext) => `${target}${ext}`).find((t) => existsSync(join(root, t)));
    if (to) next.set(file, [...(next.get(file) ?? []), to]);
  }
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const walk = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, "open");
    for (const to of next.get(file) ?? []) walk(to, [...path, file]);
    state.set(file, "done");
  };
  for (const file of next.keys()) walk(file, []);
  return found;
}

describe("layers", () => {
  it("the server never loads the offline tools, nor they the server", () => {
    expect(offenders(["server"], ["training"])).toEqual([]);
    expect(offenders(["training"], ["server"])).toEqual([]);
  });

  it("the model runtime and artifact format (facemodel/) knows neither the server, the tools nor the pages", () => {
    expect(offenders(["facemodel"], ["server", "training", "app", "scripts"])).toEqual([]);
  });

  it("lib/ imports neither the server, the runtime, the tools nor the pages", () => {
    expect(offenders(["lib"], ["server", "facemodel", "training", "app"])).toEqual([]);
  });

  it("the pages (app/) import no server, runtime or tool code: they speak to the server over HTTP and websockets", () => {
    expect(offenders(["app"], ["server", "facemodel", "training"])).toEqual([]);
  });

  it("inside server/, every folder imports only the folders below it", () => {
    expect(upward(imports(["server"]))).toEqual([]);
  });

  it("no import forms a cycle", () => {
    expect(cycles(imports(["server", "facemodel", "lib", "app", "training", "scripts"]))).toEqual([]);
  });

  it("catches what it forbids: an import up a floor, sideways on one, and a cycle", () => {
    const up = { file: "server/rooms/Room.ts", target: "server/http/requestUrl" };
    const sideways = { file: "server/rooms/Room.ts", target: "server/record/recordChain" };
    const down = { file: "server/http/router.ts", target: "server/rooms/Room" };
    expect(upward([up, sideways, down])).toEqual([
      "server/rooms/Room.ts → server/http/requestUrl",
      "server/rooms/Room.ts → server/record/recordChain",
    ]);
    const loop = cycles([
      { file: "server/rooms/Room.ts", target: "server/rooms/LiveRoom" },
      { file: "server/rooms/LiveRoom.ts", target: "server/rooms/Room" },
    ]);
    expect(loop).toEqual([["server/rooms/Room.ts", "server/rooms/LiveRoom.ts", "server/rooms/Room.ts"]]);
  });
});
