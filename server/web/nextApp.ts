/**
 * The Next.js app (app/) inside our one server. In production a build is made automatically when
 * there is none, or when the app's sources changed since the last one, and the server says so.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import next from "next";
import { withFolderLock } from "./folderLock";

const SOURCES = ["app", "lib", "next.config.js", "package-lock.json", "tsconfig.json"];
const STAMP = join(".next", "likeness-source-hash");

async function sourceHash(root: string): Promise<string> {
  const hash = createHash("sha256");
  const visit = async (path: string) => {
    if (!existsSync(path)) return;
    const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
    if (!entries) {
      hash.update(path).update(await readFile(path));
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) await visit(join(path, e.name));
  };
  for (const s of SOURCES) await visit(join(root, s));
  return hash.digest("hex");
}

/** Builds the app unless its last build is of these sources; one process at a time (folderLock.ts). */
function ensureBuild(root: string, log: (line: string) => void): Promise<void> {
  return withFolderLock(join(root, ".next-build.lock"), () => buildIfChanged(root, log));
}

async function buildIfChanged(root: string, log: (line: string) => void): Promise<void> {
  const want = await sourceHash(root);
  const have = existsSync(join(root, ".next", "BUILD_ID"))
    ? await readFile(join(root, STAMP), "utf8").catch(() => "")
    : "";
  if (have === want) return;
  log(
    have
      ? "the app changed since the last production build: building it now (about a minute)…"
      : "no production build yet: building the app now (about a minute)…",
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`)),
    );
  });
  await writeFile(join(root, STAMP), want);
  log("build done");
}

export interface WebApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export async function createWebApp(o: { root: string; dev: boolean; log: (line: string) => void }): Promise<WebApp> {
  if (!o.dev) await ensureBuild(o.root, o.log);
  const app = next({ dev: o.dev, dir: o.root });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => {
      void handle(req, res);
    },
    upgrade: (req, socket, head) => {
      void upgrade(req, socket, head);
    },
  };
}
