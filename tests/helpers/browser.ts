/** Debian's chromium driven by playwright-core, with the flags this offline machine needs. */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";

export const ARTIFACTS = resolve(import.meta.dirname, "..", "..", "test-artifacts");

/** The folder of screenshots and picture sheets tests keep, made if missing: returns the file's path there. */
export async function artifactPath(name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  return resolve(ARTIFACTS, name);
}

/** `args`: more of chromium's flags (a WebGPU adapter, say). */
export async function launchChromium(args: string[] = []): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...args,
    ],
  });
}
