/**
 * Fitting a face with a decoder frozen, in a job process (fitJobs.ts: the server stays responsive; two
 * fits at a time, shared by both routes):
 * - POST /api/rooms/:id/photo, "start from a photo" (photoFitRoutes.ts): one portrait fitted in the room's
 *   model; the page applies its sliders as one undoable step.
 * - POST /api/rooms/:id/model {version} (modelSwitchRoutes.ts): switches the room to another model version,
 *   re-projecting its face and saying how close it came.
 */
import { fitAdmission } from "./fitJobs";
import { type ModelSwitchDeps, modelSwitchRoutes } from "./modelSwitchRoutes";
import { type PhotoFitDeps, photoFitRoutes } from "./photoFitRoutes";
import { router } from "./router";

export type FitRouteDeps = Omit<PhotoFitDeps & ModelSwitchDeps, "admitFit">;

export function fitRoutes(d: FitRouteDeps) {
  const fits = { ...d, admitFit: fitAdmission() };
  return router([...photoFitRoutes(fits), ...modelSwitchRoutes(fits)]);
}
