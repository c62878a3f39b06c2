/**
 * A model version as the admin routes find it (versionOf: the one a path names, or 404) and as the
 * admin's versions table shows it (ModelVersionView): its figures read from its
 * manifest, whether new rooms start on it, whether the server has it loaded, and whether its report
 * has been written. The server's folder is left out.
 */
import type { ModelVersionView } from "../../lib/api/adminApi";
import type { AdminStore, ModelVersionRow } from "../db/AdminStore";
import type { ModelRegistry } from "../render/ModelRegistry";
import { HttpError } from "./readJsonBody";

/** The model version a path names, or 404. */
export async function versionOf(store: AdminStore, version: string | undefined): Promise<ModelVersionRow> {
  const row = await store.modelVersion(version ?? "");
  if (!row) throw new HttpError(404, "no such model version");
  return row;
}

/** The manifest's figures the table shows: a version registered before one of them was written has none. */
interface ManifestFigures {
  metrics?: { trainPsnr?: number; explainedVarianceTop10?: number; explainedVarianceTop20?: number };
  training?: { seconds?: number };
  dataset?: { size?: number; id?: string; source?: string };
}

export function modelVersionView(
  row: ModelVersionRow,
  models: Pick<ModelRegistry, "activeVersion" | "versions">,
  report: boolean,
): ModelVersionView {
  const { manifest, dir: _dir, ...kept } = row;
  const m = manifest as ManifestFigures;
  return {
    ...kept,
    createdAt: row.createdAt.toISOString(),
    active: row.version === models.activeVersion,
    loaded: models.versions.includes(row.version),
    trainPsnr: m.metrics?.trainPsnr ?? null,
    explainedVarianceTop10: m.metrics?.explainedVarianceTop10 ?? null,
    explainedVarianceTop20: m.metrics?.explainedVarianceTop20 ?? null,
    trainingSeconds: m.training?.seconds ?? null,
    dataset: m.dataset ?? null,
    report,
  };
}
