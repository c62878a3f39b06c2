/** What each person in a room shares through Yjs awareness: who they are and what they are dragging. */
import { z } from "zod";

export const presenceSchema = z
  .object({
    /** absent until the client announces itself (y-websocket starts every client with {}) */
    user: z
      .object({
        name: z.string().trim().min(1).max(40),
        color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
      })
      .strict()
      .optional(),
    /** the slider (component index) being dragged, or null */
    dragging: z.number().int().min(0).max(1023).nullable().optional(),
  })
  .strict();
export type Presence = z.infer<typeof presenceSchema>;
