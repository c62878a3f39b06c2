/** The snapshot API's requests and answers (server/http/snapshotRoutes.ts): named faces saved in a room. */
import { z } from "zod";
import { slidersSchema } from "./roomApi";

/** POST /api/rooms/:id/snapshots */
export const saveSnapshotSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    /** a face other than the current one (a morph of two snapshots); the current face when absent */
    sliders: slidersSchema.optional(),
  })
  .strict();
export type SaveSnapshotRequest = z.input<typeof saveSnapshotSchema>;

/** A saved face: the list's rows (GET) and the answer to a save (POST, 201). */
export interface SnapshotSummary {
  id: string;
  name: string;
  /** ISO 8601 */
  createdAt: string;
  sliders: number[];
}

/** DELETE /api/rooms/:id/snapshots/:snapshotId */
export interface DeletedSnapshot {
  deleted: string;
}
