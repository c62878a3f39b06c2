/** How the admin page writes a model version's figures; "—" where the version has none. */
import type { ModelVersionView } from "../../../lib/api/adminApi";

const NONE = "—";

/** The PSNR of the training set, in dB. */
export const psnrText = (m: ModelVersionView) => (m.trainPsnr === null ? NONE : `${m.trainPsnr.toFixed(2)} dB`);

/** The share of the variance the top 10 components explain, in percent. */
export const varianceText = (m: ModelVersionView) =>
  m.explainedVarianceTop10 === null ? NONE : `${(m.explainedVarianceTop10 * 100).toFixed(1)} %`;

/** How long the training took, in minutes. */
export const trainingTimeText = (m: ModelVersionView) =>
  m.trainingSeconds === null ? NONE : `${(m.trainingSeconds / 60).toFixed(0)} min`;

/** The training set: its size, and where it came from when known. */
export const datasetText = (m: ModelVersionView) =>
  m.dataset ? `${m.dataset.size ?? "?"} portraits${m.dataset.source ? ` (${m.dataset.source})` : ""}` : NONE;

/** The API path of a version, or of one of its parts (`tail`: "/report", "/activate" …). */
export const modelPath = (version: string, tail = "") => `/api/admin/models/${encodeURIComponent(version)}${tail}`;
