/** The fitting API's requests and answers (server/http/fitRoutes.ts): start from a photo, switch the model. */
import { z } from "zod";

/** POST /api/rooms/:id/photo (multipart, one image): the photo's face in the room's model */
export interface PhotoFit {
  sliders: number[];
  /** how close the fit came to the photo, and where it started (dB) */
  psnr: number;
  startPsnr: number;
  modelVersion: string;
}

/** POST /api/rooms/:id/model */
export const switchModelSchema = z.object({ version: z.string().min(1).max(80) }).strict();
export type SwitchModelRequest = z.input<typeof switchModelSchema>;
/** its answer: the room's face re-projected into the new version, and how close it came to the old face */
export interface ModelSwitched {
  version: string;
  from: string;
  psnr: number;
  sliders: number[];
}
