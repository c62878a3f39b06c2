import { createHash } from "node:crypto";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES_FILE, FACE_SPACE_FILE, MANIFEST_FILE, WEIGHTS_FILE } from "../../../facemodel/artifact/manifest";
import { loadModel, saveModel } from "../../../facemodel/artifact/modelArtifact";
import { packHalf, unpackHalf } from "../../../lib/float16";
import { tempDir } from "../../helpers/tinyDataset";
import { tinyModelDir } from "../../helpers/tinyModel";

async function corruptCopy(change: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(await tempDir("corrupt"), "model");
  await cp(await tinyModelDir(), dir, { recursive: true });
  await change(dir);
  return dir;
}

describe("model artifact", () => {
  it("round-trips weights, codes and face space through save and load (float16 on disk)", async () => {
    const model = await loadModel(await tinyModelDir());
    const again = join(await tempDir("roundtrip"), "copy");
    const { files: _files, parameters: _p, weightsDtype: _w, format: _f, ...draft } = model.manifest;
    await saveModel(again, { ...draft, version: "copy" }, model.weights, model.codes, model.faceSpace);
    const loaded = await loadModel(again);
    expect(Array.from(loaded.weights)).toEqual(Array.from(unpackHalf(packHalf(model.weights))));
    expect(Array.from(loaded.codes)).toEqual(Array.from(model.codes));
    expect(Array.from(loaded.faceSpace.sigma)).toEqual(Array.from(model.faceSpace.sigma));
    expect(loaded.manifest.version).toBe("copy");
    expect(loaded.manifest.metrics.trainPsnr).toBe(model.manifest.metrics.trainPsnr);
  });

  it("records what a model is: architecture, sizes, dataset, training and metrics", async () => {
    const { manifest } = await loadModel(await tinyModelDir());
    expect(manifest.image).toEqual({ width: 24, height: 32, channels: 3 });
    expect(manifest.latent).toBe(16);
    expect(manifest.dataset.size).toBe(64);
    expect(manifest.training.history.length).toBeGreaterThanOrEqual(2);
    expect(manifest.metrics.trainPsnr).toBeGreaterThan(manifest.metrics.meanImagePsnr ?? 0);
    expect(Object.keys(manifest.files).sort()).toEqual([CODES_FILE, FACE_SPACE_FILE, WEIGHTS_FILE].sort());
  });

  it("names a missing file", async () => {
    const dir = await corruptCopy((d) => rm(join(d, WEIGHTS_FILE)));
    await expect(loadModel(dir)).rejects.toThrow(`${WEIGHTS_FILE} is missing`);
  });

  it("names a file whose bytes changed", async () => {
    const dir = await corruptCopy(async (d) => {
      const bytes = await readFile(join(d, WEIGHTS_FILE));
      bytes[100] = (bytes[100] ?? 0) ^ 0xff;
      await writeFile(join(d, WEIGHTS_FILE), bytes);
    });
    await expect(loadModel(dir)).rejects.toThrow(`${WEIGHTS_FILE} is corrupt: checksum mismatch`);
  });

  it("names a file cut short", async () => {
    const dir = await corruptCopy(async (d) => {
      const bytes = await readFile(join(d, CODES_FILE));
      await writeFile(join(d, CODES_FILE), bytes.subarray(0, 10));
    });
    await expect(loadModel(dir)).rejects.toThrow(new RegExp(`${CODES_FILE} is corrupt: 10 bytes`));
  });

  it("names a file of odd size or with non-finite values even when the manifest agrees with it", async () => {
    /** Rewrites a file and its manifest entry, as a faulty writer would have made them together. */
    const rewrite = (name: string, change: (bytes: Buffer) => Buffer) =>
      corruptCopy(async (d) => {
        const bytes = change(await readFile(join(d, name)));
        await writeFile(join(d, name), bytes);
        const manifest = JSON.parse(await readFile(join(d, MANIFEST_FILE), "utf8"));
        manifest.files[name] = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.byteLength };
        await writeFile(join(d, MANIFEST_FILE), JSON.stringify(manifest));
      });
    const odd = await rewrite(WEIGHTS_FILE, (b) => Buffer.concat([b, Buffer.from([0])]));
    await expect(loadModel(odd)).rejects.toThrow(`${WEIGHTS_FILE} is corrupt:`);
    await expect(loadModel(odd)).rejects.toThrow(/not whole float16 values/);
    const infinite = await rewrite(CODES_FILE, (b) => {
      b.writeUInt16LE(0x7c00, 6); // +Inf in float16
      return b;
    });
    await expect(loadModel(infinite)).rejects.toThrow(`${CODES_FILE} is corrupt: value 3 is Infinity`);
  });

  it("writes over an existing model in one rename, leaving no temporary folder", async () => {
    const model = await loadModel(await tinyModelDir());
    const parent = await tempDir("replace");
    const dir = join(parent, "again");
    const { files: _files, parameters: _p, weightsDtype: _w, format: _f, ...draft } = model.manifest;
    await saveModel(dir, { ...draft, version: "again" }, model.weights, model.codes, model.faceSpace);
    const changed = Float32Array.from(model.weights, (w) => w * 0.5);
    await saveModel(dir, { ...draft, version: "again" }, changed, model.codes, model.faceSpace);
    expect(Array.from((await loadModel(dir)).weights)).toEqual(Array.from(unpackHalf(packHalf(changed))));
    expect(await readdir(parent)).toEqual(["again"]);
    // a trailing slash names the same folder; a value float16 cannot hold is refused before anything is written
    await saveModel(`${dir}/`, { ...draft, version: "again" }, model.weights, model.codes, model.faceSpace);
    expect(await readdir(parent)).toEqual(["again"]);
    const huge = Float32Array.from(model.weights);
    huge[7] = 1e6;
    await expect(saveModel(dir, { ...draft, version: "again" }, huge, model.codes, model.faceSpace)).rejects.toThrow(
      `${WEIGHTS_FILE}: value 7 (1000000) does not fit in float16`,
    );
    expect(Array.from((await loadModel(dir)).weights)).toEqual(Array.from(unpackHalf(packHalf(model.weights))));
  });

  it("names what is wrong with a manifest", async () => {
    const missing = await corruptCopy((d) => rm(join(d, MANIFEST_FILE)));
    await expect(loadModel(missing)).rejects.toThrow("manifest.json is missing");
    const garbled = await corruptCopy((d) => writeFile(join(d, MANIFEST_FILE), "{ not json"));
    await expect(loadModel(garbled)).rejects.toThrow("manifest.json is not valid JSON");
    const wrong = await corruptCopy(async (d) => {
      const m = JSON.parse(await readFile(join(d, MANIFEST_FILE), "utf8"));
      m.latent = "sixteen";
      delete m.architecture;
      await writeFile(join(d, MANIFEST_FILE), JSON.stringify(m));
    });
    await expect(loadModel(wrong)).rejects.toThrow(
      /manifest.json is invalid: .*architecture.*latent|manifest.json is invalid: .*latent.*architecture/,
    );
    const edit = (change: (m: { latent: number; image: { width: number } }) => void) =>
      corruptCopy(async (d) => {
        const m = JSON.parse(await readFile(join(d, MANIFEST_FILE), "utf8"));
        change(m);
        await writeFile(join(d, MANIFEST_FILE), JSON.stringify(m));
      });
    await expect(loadModel(await edit((m) => (m.latent += 1)))).rejects.toThrow(/says latent \d+, its architecture/);
    await expect(loadModel(await edit((m) => (m.image.width *= 2)))).rejects.toThrow(/its architecture draws/);
  });
});
