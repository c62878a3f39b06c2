/**
 * Saves and loads models/<version>/: float16 weights and codes, the PCA face space, and a manifest
 * with checksums. Loading validates everything and says exactly what is missing or corrupt.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { z } from "zod";
import type { FaceSpace } from "../../lib/faceSpace";
import { packHalf, unpackHalf } from "../../lib/float16";
import { parameterCount } from "../decoder/architecture";
import {
  CODES_FILE,
  FACE_SPACE_FILE,
  faceSpaceFileSchema,
  MANIFEST_FILE,
  type ModelManifest,
  manifestSchema,
  WEIGHTS_FILE,
} from "./manifest";

export interface LoadedModel {
  dir: string;
  manifest: ModelManifest;
  /** decoder weights, float32 (from float16 on disk) */
  weights: Float32Array;
  /** the learned codes of the training images, count × latent */
  codes: Float32Array;
  faceSpace: FaceSpace;
}

export class ModelArtifactError extends Error {
  constructor(dir: string, problem: string) {
    super(`model at ${dir}: ${problem}`);
    this.name = "ModelArtifactError";
  }
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const halfBytes = (values: Float32Array) => {
  const h = packHalf(values);
  return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
};

function faceSpaceJson(space: FaceSpace): string {
  return JSON.stringify({
    latent: space.latent,
    mean: Array.from(space.mean),
    components: Array.from(space.components),
    sigma: Array.from(space.sigma),
    explainedVarianceRatio: Array.from(space.explainedVarianceRatio),
  });
}

export type ManifestDraft = Omit<ModelManifest, "files" | "parameters" | "weightsDtype" | "format">;

/** Writes into a temporary folder and renames it into place, so a reader never sees half a model. */
export async function saveModel(
  folder: string,
  draft: ManifestDraft,
  weights: Float32Array,
  codes: Float32Array,
  space: FaceSpace,
): Promise<ModelManifest> {
  // "models/v2/" must not put the temporary folders inside the model's own
  const dir = resolve(folder);
  const expected = parameterCount(draft.architecture);
  if (weights.length !== expected)
    throw new Error(`weights have ${weights.length} values, architecture needs ${expected}`);
  // float16 holds at most ±65504: a model the loader would refuse is not written
  for (const [name, values] of [
    [WEIGHTS_FILE, weights],
    [CODES_FILE, codes],
  ] as const) {
    // 65520 and above round to Infinity in float16; NaN fails the comparison too
    const bad = values.findIndex((v) => !(Math.abs(v) < 65520));
    if (bad >= 0) throw new Error(`${name}: value ${bad} (${values[bad]}) does not fit in float16`);
  }
  const contents: Record<string, Uint8Array> = {
    [WEIGHTS_FILE]: halfBytes(weights),
    [CODES_FILE]: halfBytes(codes),
    [FACE_SPACE_FILE]: new TextEncoder().encode(faceSpaceJson(space)),
  };
  const files = Object.fromEntries(
    Object.entries(contents).map(([name, data]) => [name, { sha256: sha256(data), bytes: data.byteLength }]),
  );
  const manifest = manifestSchema.parse({
    format: "likeness-model/1",
    ...draft,
    parameters: expected,
    weightsDtype: "float16",
    files,
  });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const [name, data] of Object.entries(contents)) await writeFile(join(tmp, name), data);
  await writeFile(join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  // the model it replaces (a warm start writes over its own start) stays whole until the new one is in place
  const old = `${dir}.old-${process.pid}`;
  await rm(old, { recursive: true, force: true });
  await rename(dir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(tmp, dir);
  await rm(old, { recursive: true, force: true });
  return manifest;
}

function describeZod(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** A model folder's manifest, checked (its files are not read: loadModel does that). */
export async function readManifest(dir: string): Promise<ModelManifest> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new ModelArtifactError(dir, `${MANIFEST_FILE} is missing`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch (error) {
    throw new ModelArtifactError(dir, `${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ModelArtifactError(dir, `${MANIFEST_FILE} is invalid: ${describeZod(parsed.error)}`);
  const manifest = parsed.data;
  const arch = manifest.architecture;
  if (arch.latent !== manifest.latent)
    throw new ModelArtifactError(
      dir,
      `${MANIFEST_FILE} says latent ${manifest.latent}, its architecture ${arch.latent}`,
    );
  if (manifest.scales?.some((scale) => scale.direction.length !== manifest.latent))
    throw new ModelArtifactError(dir, `${MANIFEST_FILE} has a scale whose direction is not ${manifest.latent} long`);
  if (arch.width !== manifest.image.width || arch.height !== manifest.image.height)
    throw new ModelArtifactError(
      dir,
      `${MANIFEST_FILE} says images of ${manifest.image.width}×${manifest.image.height}, its architecture draws ${arch.width}×${arch.height}`,
    );
  return manifest;
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const manifest = await readManifest(dir);
  const weights = await readHalves(dir, manifest, WEIGHTS_FILE);
  if (weights.length !== manifest.parameters || weights.length !== parameterCount(manifest.architecture)) {
    throw new ModelArtifactError(
      dir,
      `${WEIGHTS_FILE} holds ${weights.length} weights; the architecture needs ${parameterCount(manifest.architecture)}`,
    );
  }
  const codes = await readHalves(dir, manifest, CODES_FILE);
  if (codes.length !== manifest.dataset.size * manifest.latent) {
    throw new ModelArtifactError(
      dir,
      `${CODES_FILE} holds ${codes.length} values, expected ${manifest.dataset.size} × ${manifest.latent}`,
    );
  }
  return { dir, manifest, weights, codes, faceSpace: await readFaceSpace(dir, manifest) };
}

/** A file the manifest lists, its size and checksum checked against the manifest's. */
async function readListed(dir: string, manifest: ModelManifest, name: string): Promise<Uint8Array> {
  const entry = manifest.files[name];
  if (!entry) throw new ModelArtifactError(dir, `${MANIFEST_FILE} does not list ${name}`);
  let data: Buffer;
  try {
    data = await readFile(join(dir, name));
  } catch {
    throw new ModelArtifactError(dir, `${name} is missing`);
  }
  if (data.byteLength !== entry.bytes) {
    throw new ModelArtifactError(dir, `${name} is corrupt: ${data.byteLength} bytes, manifest says ${entry.bytes}`);
  }
  if (sha256(data) !== entry.sha256) throw new ModelArtifactError(dir, `${name} is corrupt: checksum mismatch`);
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/** A listed file of float16 values, every one finite. */
async function readHalves(dir: string, manifest: ModelManifest, name: string): Promise<Float32Array> {
  const data = await readListed(dir, manifest, name);
  if (data.byteLength % 2 !== 0)
    throw new ModelArtifactError(dir, `${name} is corrupt: ${data.byteLength} bytes are not whole float16 values`);
  const values = unpackHalf(new Uint16Array(data.buffer));
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ModelArtifactError(dir, `${name} is corrupt: value ${bad} is ${values[bad]}`);
  return values;
}

/** The PCA face space, checked against its schema and the manifest's latent. */
async function readFaceSpace(dir: string, manifest: ModelManifest): Promise<FaceSpace> {
  let spaceRaw: unknown;
  try {
    spaceRaw = JSON.parse(new TextDecoder().decode(await readListed(dir, manifest, FACE_SPACE_FILE)));
  } catch (error) {
    if (error instanceof ModelArtifactError) throw error;
    throw new ModelArtifactError(dir, `${FACE_SPACE_FILE} is not valid JSON`);
  }
  const space = faceSpaceFileSchema.safeParse(spaceRaw);
  if (!space.success) throw new ModelArtifactError(dir, `${FACE_SPACE_FILE} is invalid: ${describeZod(space.error)}`);
  if (space.data.latent !== manifest.latent)
    throw new ModelArtifactError(
      dir,
      `${FACE_SPACE_FILE} has latent ${space.data.latent}, manifest says ${manifest.latent}`,
    );
  return {
    latent: space.data.latent,
    mean: Float64Array.from(space.data.mean),
    components: Float64Array.from(space.data.components),
    sigma: Float64Array.from(space.data.sigma),
    explainedVarianceRatio: Float64Array.from(space.data.explainedVarianceRatio),
  };
}
