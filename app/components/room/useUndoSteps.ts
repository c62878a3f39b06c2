"use client";

/**
 * A room page's undo steps, this tab's own (never someone else's change): a gesture is one step (a drag,
 * a key press), a change of the whole face is one (a snapshot restored, a reset), and undo and redo walk
 * them.
 */
import { type RefObject, useCallback } from "react";
import { sliderKey } from "../../../lib/roomDocument";
import { type Connection, type SliderStore, writePending } from "./roomConnection";

/** One undo step of its own: whatever came before is closed first, and nothing after joins it. */
export function undoStep(ref: RefObject<Connection | null>, change: (store: SliderStore) => void): void {
  const r = ref.current;
  if (!r) return;
  writePending(r);
  r.undo.stopCapturing();
  r.doc.transact(() => change(r.store), r.origin);
  r.undo.stopCapturing();
}

/** `flush` writes the slider moves waiting for their turn (useSliderWrites). */
export function useUndoSteps(ref: RefObject<Connection | null>, flush: () => void, latent: number) {
  return {
    gesture: useCallback(
      (dragging: number | null, continues = false) => {
        flush();
        if (!continues) ref.current?.undo.stopCapturing();
        ref.current?.provider.awareness.setLocalStateField("dragging", dragging);
      },
      [ref, flush],
    ),
    restore: useCallback(
      (sliders: ArrayLike<number>, only?: readonly number[]) =>
        undoStep(ref, (store) => {
          const all = Array.from({ length: Math.min(latent, sliders.length) }, (_, k) => k);
          for (const k of only ?? all) store.set(sliderKey(k), sliders[k] as number);
        }),
      [ref, latent],
    ),
    reset: useCallback(
      () =>
        undoStep(ref, (store) => {
          for (let k = 0; k < latent; k++) if (store.has(sliderKey(k))) store.set(sliderKey(k), 0);
        }),
      [ref, latent],
    ),
    undo: useCallback(() => {
      flush();
      ref.current?.undo.stopCapturing();
      ref.current?.undo.undo();
    }, [ref, flush]),
    redo: useCallback(() => {
      flush();
      ref.current?.undo.redo();
    }, [ref, flush]),
  };
}
