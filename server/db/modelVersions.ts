/** Trained models' metadata (from their manifests) in the database: which versions exist, where, and which is active. */
import type { LoadedModel } from "../model/artifact/modelArtifact";
import type { Db } from "./database";

export async function registerModel(db: Db, model: LoadedModel): Promise<void> {
  const { version } = model.manifest;
  const data = { dir: model.dir, manifest: JSON.stringify(model.manifest) };
  await db.modelVersion.upsert({ where: { version }, create: { version, ...data }, update: data });
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
