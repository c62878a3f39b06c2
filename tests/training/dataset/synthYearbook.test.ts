import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createRng } from "../../../lib/random";
import { FACTOR_NAMES, synthPortrait, topLevelGroups } from "../../../training/dataset/synthPortrait";
import { LABELS_FILE, type SynthLabels, writeSynthYearbook } from "../../../training/dataset/synthYearbook";
import { tempDir } from "../../helpers/tinyDataset";

describe("synthetic yearbook", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = synthPortrait(createRng(42));
    const b = synthPortrait(createRng(42));
    const c = synthPortrait(createRng(43));
    expect(a.svg).toBe(b.svg);
    expect(a.factors).toEqual(b.factors);
    expect(c.svg).not.toBe(a.svg);
  });

  it("leaves Math.random as it found it", () => {
    const before = Math.random;
    synthPortrait(createRng(1));
    expect(Math.random).toBe(before);
  });

  it("writes 144x192 RGB PNGs and a label row with every factor for every image", async () => {
    const out = await tempDir("synth");
    const seen: number[] = [];
    await writeSynthYearbook({ count: 6, seed: 3, out, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const files = (await readdir(out)).filter((f) => f.endsWith(".png")).sort();
    expect(files).toHaveLength(6);
    const meta = await sharp(join(out, files[0] as string)).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([144, 192, 3]);
    const labels = JSON.parse(await readFile(join(out, LABELS_FILE), "utf8")) as SynthLabels;
    expect(labels.images.map((i) => i.file)).toEqual(files);
    for (const image of labels.images) {
      expect(Object.keys(image.factors).sort()).toEqual([...FACTOR_NAMES].sort());
      for (const v of Object.values(image.factors)) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it("varies the pose factors it wraps around the face", () => {
    const rng = createRng(9);
    const rows = Array.from({ length: 40 }, () => synthPortrait(rng).factors);
    for (const f of ["offsetX", "offsetY", "zoom", "tilt", "headScale", "backgroundLuma", "shirtLuma"] as const) {
      const values = rows.map((r) => r[f]);
      expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r.female)).size).toBe(2);
  });

  it("splits an SVG body into its top-level groups, nested groups kept inside", () => {
    expect(topLevelGroups('<g a="1"><g b="2"><path/></g></g><g c="3"></g>')).toEqual([
      '<g a="1"><g b="2"><path/></g></g>',
      '<g c="3"></g>',
    ]);
  });
});
