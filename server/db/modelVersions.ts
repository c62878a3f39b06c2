/** Trained models' metadata (from their manifests) in the database: which versions exist, where, and which is active. */
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import type { Db } from "./database";

/**
 * Registers a model folder's version (again: its folder and manifest are updated). `localDrawing`: whether
 * a newly registered version's decoder may be sent to browsers (the shipped synthetic model's may; one
 * trained on people's photos stays on the server until an admin allows it).
 */
export async function registerModel(db: Db, model: LoadedModel, localDrawing = false): Promise<void> {
  const { version } = model.manifest;
  const data = { dir: model.dir, manifest: JSON.stringify(model.manifest) };
  await db.modelVersion.upsert({ where: { version }, create: { version, ...data, localDrawing }, update: data });
}

/** Marks the version the one new rooms start on (the others not). */
export async function activateModel(db: Db, version: string): Promise<void> {
  await db.$transaction([
    db.modelVersion.updateMany({ where: { version: { not: version } }, data: { active: false } }),
    db.modelVersion.update({ where: { version }, data: { active: true } }),
  ]);
}

/** The folder of a registered version, or undefined. */
export async function modelDir(db: Db, version: string): Promise<string | undefined> {
  return (await db.modelVersion.findUnique({ where: { version }, select: { dir: true } }))?.dir;
}

/** The version marked active, if any. */
export async function activeModel(db: Db): Promise<string | undefined> {
  return (await db.modelVersion.findFirst({ where: { active: true }, select: { version: true } }))?.version;
}
