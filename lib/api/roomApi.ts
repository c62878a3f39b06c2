/**
 * The room API's requests and answers (server/http/roomRoutes.ts), one definition for the routes that
 * check and send them and the pages that build and read them. GET /api/rooms/:id answers a RoomInfo
 * (lib/roomInfo.ts).
 */
import { z } from "zod";
import { SLIDER_LIMIT } from "../roomDocument";

/** A face's sliders as a request may carry them: finite, within the room document's limits. */
export const slidersSchema = z.array(z.number().finite().min(-SLIDER_LIMIT).max(SLIDER_LIMIT)).max(512);

/** POST /api/rooms */
export const createRoomSchema = z.object({ name: z.string().trim().max(80).optional() }).strict();
export type CreateRoomRequest = z.input<typeof createRoomSchema>;
/** its answer: the new room and its artist key (shown once) */
export interface CreatedRoom {
  id: string;
  name: string;
  key: string;
}

/** POST /api/rooms/:id/preview.jpg: a face that is not the room's (a morph of two snapshots) */
export const previewSchema = z.object({ sliders: slidersSchema }).strict();
export type PreviewRequest = z.input<typeof previewSchema>;

/** GET /api/rooms/:id/random-face: Randomize's face, which the page then writes into the room */
export const randomFaceSchema = z.object({ sliders: z.array(z.number().finite()) });
export type RandomFace = z.infer<typeof randomFaceSchema>;
