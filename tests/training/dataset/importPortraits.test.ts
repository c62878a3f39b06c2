import { link, mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import AdmZip from "adm-zip";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_IMAGES, importPortraits, portraitPixels } from "../../../training/dataset/importPortraits";
import { tempDir } from "../../helpers/tinyDataset";

const solid = (width: number, height: number, rgb: [number, number, number], format: "png" | "jpeg" | "webp") =>
  sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    [format]()
    .toBuffer();

describe("portrait import", () => {
  it("centre-crops to 3:4 and resizes to 144x192", async () => {
    // 400x300 landscape: left third red, middle white, right third blue → the 3:4 centre is mostly white
    const left = await solid(100, 300, [255, 0, 0], "png");
    const right = await solid(100, 300, [0, 0, 255], "png");
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#ffffff" } })
      .composite([
        { input: left, left: 0, top: 0 },
        { input: right, left: 300, top: 0 },
      ])
      .png()
      .toBuffer();
    const px = await portraitPixels(image);
    expect(px.length).toBe(144 * 192 * 3);
    const at = (x: number, y: number) => Array.from(px.subarray((y * 144 + x) * 3, (y * 144 + x) * 3 + 3));
    expect(at(72, 96)).toEqual([255, 255, 255]);
    // crop is 225 wide from x = 87.5: the outer 12.5 px each side are coloured, ~8 px after scaling
    expect(at(2, 96)[0]).toBeGreaterThan(200);
    expect(at(2, 96)[1]).toBeLessThan(60);
    expect(at(141, 96)[2]).toBeGreaterThan(200);
    // not stretched (red would reach x = 36) and not letterboxed (black bars above and below)
    expect(at(20, 96)).toEqual([255, 255, 255]);
    expect(at(72, 10)).toEqual([255, 255, 255]);
  });

  it("reads JPEG, PNG and WebP from a folder, reports bad files by name and skips them", async () => {
    const dir = await tempDir("import");
    await writeFile(join(dir, "a.png"), await solid(90, 120, [10, 20, 30], "png"));
    await writeFile(join(dir, "b.jpg"), await solid(90, 120, [200, 100, 50], "jpeg"));
    await writeFile(join(dir, "c.webp"), await solid(72, 96, [0, 255, 0], "webp"));
    await writeFile(join(dir, "tiny.png"), await solid(30, 40, [0, 255, 0], "png"));
    // wide enough, but its 3:4 centre is only 60 pixels wide
    await writeFile(join(dir, "wide.png"), await solid(400, 80, [0, 255, 0], "png"));
    await writeFile(join(dir, "broken.jpg"), Buffer.from("definitely not a jpeg"));
    await writeFile(join(dir, "notes.txt"), "hello");
    const set = await importPortraits(dir, { minImages: 3 });
    expect(set.count).toBe(3);
    expect(set.names).toEqual(["a.png", "b.jpg", "c.webp"]);
    expect(set.skipped.map((s) => s.name).sort()).toEqual(["broken.jpg", "notes.txt", "tiny.png", "wide.png"]);
    expect(set.skipped.find((s) => s.name === "tiny.png")?.reason).toBe(
      "too small: 30x40 pixels; a portrait needs a 72x96 centre or more (half the model's 144x192)",
    );
    expect(set.skipped.find((s) => s.name === "broken.jpg")?.reason).toMatch(/unreadable image/);
    expect(set.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists a folder given as a relative path with ./ and its subfolders by their names", async () => {
    const dir = await tempDir("relative");
    await mkdir(join(dir, "set", "class of 2024"), { recursive: true });
    await writeFile(join(dir, "set", "a.png"), await solid(90, 120, [10, 20, 30], "png"));
    await writeFile(join(dir, "set", "class of 2024", "b.png"), await solid(90, 120, [30, 20, 10], "png"));
    const from = process.cwd();
    process.chdir(dir);
    try {
      const set = await importPortraits("./set", { minImages: 2 });
      expect(set.names).toEqual(["a.png", "class of 2024/b.png"]);
      expect(set.skipped).toEqual([]);
      expect((await importPortraits("./set/", { minImages: 2 })).hash).toBe(set.hash);
    } finally {
      process.chdir(from);
    }
  });

  it("refuses a set of more images than it takes by default before decoding any", async () => {
    const dir = await tempDir("many");
    await writeFile(join(dir, "00000.png"), await solid(72, 96, [1, 2, 3], "png"));
    for (let i = 1; i <= DEFAULT_MAX_IMAGES; i++)
      await link(join(dir, "00000.png"), join(dir, `${String(i).padStart(5, "0")}.png`));
    await expect(importPortraits(dir)).rejects.toThrow(
      `has ${DEFAULT_MAX_IMAGES + 1} images; at most ${DEFAULT_MAX_IMAGES}`,
    );
    const first = await importPortraits(dir, { maxImages: 20 });
    expect(first.count).toBe(20);
  });

  it("reads a zip the same way as a folder", async () => {
    const dir = await tempDir("zip");
    const zip = new AdmZip();
    zip.addFile("faces/one.png", await solid(90, 120, [1, 2, 3], "png"));
    zip.addFile("faces/two.jpg", await solid(90, 120, [4, 5, 6], "jpeg"));
    zip.addFile("__MACOSX/faces/._one.png", Buffer.from("resource fork"));
    zip.addFile("faces/bad.webp", Buffer.from("nope"));
    const path = join(dir, "set.zip");
    zip.writeZip(path);
    const set = await importPortraits(path, { minImages: 2 });
    expect(set.names).toEqual(["faces/one.png", "faces/two.jpg"]);
    expect(set.skipped.map((s) => s.name)).toEqual(["faces/bad.webp"]);
  });

  it("refuses too few usable images with a clear error", async () => {
    const dir = await tempDir("few");
    await writeFile(join(dir, "only.png"), await solid(90, 120, [1, 2, 3], "png"));
    await writeFile(join(dir, "bad.png"), Buffer.from("x"));
    await expect(importPortraits(dir, { minImages: 16 })).rejects.toThrow(
      /has 1 usable portraits; at least 16 are needed \(1 skipped: bad\.png: unreadable image/,
    );
  });

  it("refuses a path that is neither a folder nor a zip", async () => {
    const dir = await tempDir("nozip");
    const file = join(dir, "faces.tar");
    await writeFile(file, "x");
    await expect(importPortraits(file)).rejects.toThrow(/neither a folder nor a \.zip/);
    // a server names the set as its admin sent it, never by its folder
    await expect(importPortraits(file, { label: "faces.tar" })).rejects.toThrow(/^faces\.tar is neither/);
  });
});

describe("imported set written as a training folder", () => {
  it("re-imports to exactly the same pixels and dataset hash", async () => {
    const { writePortraitSet } = await import("../../../training/dataset/writePortraitSet");
    const dir = await tempDir("src");
    await writeFile(join(dir, "x.jpg"), await solid(300, 200, [90, 120, 200], "jpeg"));
    await writeFile(join(dir, "y.png"), await solid(120, 160, [20, 200, 40], "png"));
    const set = await importPortraits(dir, { minImages: 2 });
    const out = await tempDir("out");
    await writePortraitSet(set, out, { width: 144, height: 192 });
    const again = await importPortraits(out, { minImages: 2 });
    expect(again.hash).toBe(set.hash);
    expect(again.names).toEqual(["00000.png", "00001.png"]);
  });

  it("replaces a set written to the same folder before, leaving none of its portraits or labels", async () => {
    const { writePortraitSet } = await import("../../../training/dataset/writePortraitSet");
    const out = await tempDir("rewrite");
    for (const name of ["00000.png", "00001.png", "00002.png"])
      await writeFile(join(out, name), await solid(144, 192, [1, 2, 3], "png"));
    await writeFile(join(out, "labels.json"), "{}");
    await writeFile(join(out, "README.txt"), "kept");
    const src = await tempDir("src1");
    await writeFile(join(src, "only.png"), await solid(120, 160, [20, 200, 40], "png"));
    await writePortraitSet(await importPortraits(src, { minImages: 1 }), out, { width: 144, height: 192 });
    const again = await importPortraits(out, { minImages: 1 });
    expect(again.names).toEqual(["00000.png"]);
    expect((await readdir(out)).sort()).toEqual(["00000.png", "README.txt", "import.json"]);
  });
});
