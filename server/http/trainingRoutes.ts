/**
 * The admin area's training routes: datasets (datasetRoutes.ts), training runs and their presets
 * (runRoutes.ts), and model versions' reports (reportRoutes.ts). Every route needs the admin's session,
 * every change its CSRF token, and every change is audited.
 */
import { type DatasetRouteDeps, datasetRoutes } from "./datasetRoutes";
import { type ReportRouteDeps, reportRoutes } from "./reportRoutes";
import { router } from "./router";
import { type RunRouteDeps, runRoutes } from "./runRoutes";

export interface TrainingRouteDeps extends DatasetRouteDeps, RunRouteDeps, ReportRouteDeps {}

export function trainingRoutes(d: TrainingRouteDeps) {
  return router([...datasetRoutes(d), ...runRoutes(d), ...reportRoutes(d)]);
}
