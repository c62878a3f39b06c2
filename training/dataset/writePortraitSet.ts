/** Writes an imported portrait set as a training folder: numbered 144x192 PNGs and import.json. */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import type { PortraitSet } from "./importPortraits";
import { LABELS_FILE, portraitFileName } from "./synthYearbook";

export const IMPORT_FILE = "import.json";

export async function writePortraitSet(
  set: PortraitSet,
  out: string,
  size: { width: number; height: number },
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  await mkdir(out, { recursive: true });
  // a set written here before would leave its extra portraits (and a synthetic set its labels) behind
  const stale = (await readdir(out)).filter((f) => /^\d{5}\.png$/.test(f) || f === LABELS_FILE);
  await Promise.all(stale.map((f) => rm(join(out, f))));
  const bytes = size.width * size.height * 3;
  for (let i = 0; i < set.count; i++) {
    const raw = set.pixels.subarray(i * bytes, (i + 1) * bytes);
    const png = await sharp(raw, { raw: { width: size.width, height: size.height, channels: 3 } })
      .png()
      .toBuffer();
    await writeFile(join(out, portraitFileName(i)), png);
    onProgress?.(i + 1, set.count);
  }
  const record = {
    count: set.count,
    hash: set.hash,
    sources: set.names.map((name, i) => ({ file: portraitFileName(i), source: name })),
    skipped: set.skipped,
  };
  await writeFile(join(out, IMPORT_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
