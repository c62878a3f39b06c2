/** The face array's socket.io messages: a round of candidate faces around the current one, and a pick. */
import { z } from "zod";

export const ARRAY_SIZE = 9;

export const ARRAY_EVENTS = {
  /** client → server: a new round (regenerate; `widen` spreads it wider again) */
  show: "array:show",
  /** client → server: the closest face of the round, or null for "none of these" */
  pick: "array:pick",
  /** server → room: a round of faces */
  round: "array:round",
  /** server → room: the face picked (its sliders become the current face) */
  picked: "array:picked",
} as const;

export const showSchema = z.object({ widen: z.boolean().optional() }).strict();
export const pickSchema = z
  .object({
    round: z.number().int().positive(),
    index: z
      .number()
      .int()
      .min(0)
      .max(ARRAY_SIZE - 1)
      .nullable(),
  })
  .strict();

export interface ArrayFace {
  sliders: number[];
  jpeg: Uint8Array;
}

export interface ArrayRound {
  roomId: string;
  round: number;
  /** how far (σ) the candidates lie from the face they vary */
  spread: number;
  /** the components the candidates vary */
  components: number[];
  faces: ArrayFace[];
  /** faces shown in this room's arrays so far, this round's included */
  shown: number;
}

export interface ArrayPicked {
  roomId: string;
  round: number;
  index: number | null;
  /** the picked face's sliders (null for none of these) */
  sliders: number[] | null;
}
