"use client";

/**
 * A room page's slider moves: shown at once, and written to the room's document coalesced, at most one
 * Yjs update per WRITE_INTERVAL_MS (the last value wins), so that a fast drag stays far below the server's
 * message rate limit.
 */
import { type Dispatch, type RefObject, type SetStateAction, useCallback } from "react";
import { roundSlider } from "../../../lib/roomDocument";
import { type Connection, WRITE_INTERVAL_MS, writePending } from "./roomConnection";

export function useSliderWrites(
  ref: RefObject<Connection | null>,
  setValues: Dispatch<SetStateAction<Float64Array>>,
): {
  /** writes the moves waiting for their turn now */
  flush(): void;
  setSliders(moved: ReadonlyMap<number, number>): void;
  setSlider(component: number, value: number): void;
} {
  const flush = useCallback(() => {
    if (ref.current) writePending(ref.current);
  }, [ref]);

  const setSliders = useCallback(
    (moved: ReadonlyMap<number, number>) => {
      const r = ref.current;
      if (!r) return;
      const rounded = new Map([...moved].map(([k, v]) => [k, roundSlider(v)]));
      for (const [k, v] of rounded) r.pending.set(k, v);
      // shown at once (a keyboard or assistive-technology change moves a controlled input only through
      // these values); the document follows within WRITE_INTERVAL_MS
      setValues((shown) => {
        const next = Float64Array.from(shown);
        for (const [k, v] of rounded) next[k] = v;
        return next;
      });
      const wait = r.lastWrite + WRITE_INTERVAL_MS - performance.now();
      if (wait <= 0) flush();
      else r.timer ??= setTimeout(flush, wait);
    },
    [ref, setValues, flush],
  );
  const setSlider = useCallback(
    (component: number, value: number) => setSliders(new Map([[component, value]])),
    [setSliders],
  );
  return { flush, setSliders, setSlider };
}
