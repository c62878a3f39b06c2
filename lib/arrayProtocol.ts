/** The face array's socket.io messages: a round of candidate faces around the current one, and a pick. */
import { z } from "zod";

export const ARRAY_SIZE = 9;

export const ARRAY_EVENTS = {
  /** client → server: a new round (regenerate; `widen` spreads it wider again) */
  show: "array:show",
  /** client → server, once joined: the round on screen, if any (sent to the asking page alone) */
  current: "array:current",
  /** client → server: up to three faces of the round, the closest first; none for "none of these" */
  pick: "array:pick",
  /** server → room: a round of faces */
  round: "array:round",
  /** server → room: the face picked (its sliders become the current face) */
  picked: "array:picked",
} as const;

export const showSchema = z.object({ widen: z.boolean().optional() }).strict();
export const currentSchema = z.object({}).strict();
/** the most faces a witness may tick in one round */
export const MAX_PICKS = 3;

export const pickSchema = z
  .object({
    round: z.number().int().positive(),
    picks: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(ARRAY_SIZE - 1),
      )
      .max(MAX_PICKS)
      .refine((p) => new Set(p).size === p.length, { message: "a face is ticked once" }),
  })
  .strict();

export interface ArrayFace {
  sliders: number[];
  jpeg: Uint8Array;
}

export interface ArrayRound {
  roomId: string;
  round: number;
  /** the two components the faces vary (a 3 × 3 grid around the current face, which is one of them) */
  components: number[];
  /** how far (σ) the faces step on each of the two */
  steps: number[];
  /** the face the round varies around (one of the nine): a room whose face is no longer it has moved on */
  center: number[];
  faces: ArrayFace[];
  /** faces shown in this room's arrays so far, this round's included */
  shown: number;
}

export interface ArrayPicked {
  roomId: string;
  round: number;
  /** the faces ticked, the closest first ([] for none of these) */
  picks: number[];
  /** the face the picks make (their weighted mean), or null for none of these */
  sliders: number[] | null;
}
