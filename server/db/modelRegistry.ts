/** Registers trained models' metadata (from their manifests) in the database. */
import type { LoadedModel } from "../model/artifact/modelArtifact";
import type { Db } from "./database";

export async function registerModel(db: Db, model: LoadedModel, options: { activate?: boolean } = {}): Promise<void> {
  const { version } = model.manifest;
  const data = { dir: model.dir, manifest: JSON.stringify(model.manifest) };
  await db.modelVersion.upsert({ where: { version }, create: { version, ...data }, update: data });
  if (options.activate) {
    await db.$transaction([
      db.modelVersion.updateMany({ where: { version: { not: version } }, data: { active: false } }),
      db.modelVersion.update({ where: { version }, data: { active: true } }),
    ]);
  }
}
