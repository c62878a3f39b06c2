"use client";

/** Randomize: a random face for the room (./randomFace), set as one undo step, one face at a time. */
import { type RefObject, useCallback, useRef } from "react";
import { roundSlider, sliderKey } from "../../../lib/roomDocument";
import { fetchRandomFace } from "./randomFace";
import type { Connection } from "./roomConnection";
import { undoStep } from "./useUndoSteps";

/** `randomDepth`: how many leading sliders Randomize draws (lib/faceSpace randomDepth); the rest go to 0. */
export function useRandomize(
  ref: RefObject<Connection | null>,
  roomId: string,
  latent: number,
  randomDepth: number,
): () => Promise<void> {
  const drawing = useRef(false);
  return useCallback(async () => {
    // one face at a time: a second click while the first is on its way is ignored
    if (drawing.current) return;
    drawing.current = true;
    const r = ref.current;
    try {
      const s = await fetchRandomFace(roomId, latent, randomDepth);
      // the connection was replaced meanwhile (another room, or the page closing): the face is not for it
      if (ref.current !== r) return;
      undoStep(ref, (store) => {
        s.forEach((v, k) => {
          store.set(sliderKey(k), roundSlider(v));
        });
      });
    } finally {
      drawing.current = false;
    }
  }, [ref, roomId, latent, randomDepth]);
}
