/** Writes a synthetic yearbook: numbered 144x192 PNGs and labels.json with every ground-truth factor. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { createRng } from "../../lib/random";
import { FACTOR_NAMES, type PortraitFactors, synthPortrait } from "./synthPortrait";

export interface SynthLabels {
  generator: "facesjs-yearbook";
  seed: number;
  count: number;
  factorNames: readonly string[];
  images: { file: string; factors: PortraitFactors }[];
}

export const LABELS_FILE = "labels.json";

export const portraitFileName = (index: number) => `${String(index).padStart(5, "0")}.png`;

export async function writeSynthYearbook(options: {
  count: number;
  seed: number;
  out: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<SynthLabels> {
  const { count, seed, out } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
  await mkdir(out, { recursive: true });
  const rng = createRng(seed);
  const labels: SynthLabels = { generator: "facesjs-yearbook", seed, count, factorNames: FACTOR_NAMES, images: [] };
  for (let i = 0; i < count; i++) {
    const portrait = synthPortrait(rng);
    const file = portraitFileName(i);
    const png = await sharp(Buffer.from(portrait.svg)).removeAlpha().png({ compressionLevel: 9 }).toBuffer();
    await writeFile(join(out, file), png);
    labels.images.push({ file, factors: portrait.factors });
    options.onProgress?.(i + 1, count);
  }
  await writeFile(join(out, LABELS_FILE), `${JSON.stringify(labels)}\n`);
  return labels;
}
