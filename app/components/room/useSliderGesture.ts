"use client";

/**
 * A slider's gestures: a drag holds the thumb where the hand puts it (remote changes never move a thumb
 * you are holding) until the pointer lets go, and key presses with no long pause between them are one
 * gesture, so one undo step, as one drag is.
 */
import { type ChangeEvent, type KeyboardEvent, useRef, useState } from "react";

/** Keys that move a range input: a press (and its auto-repeats) is one gesture. */
const VALUE_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);
/** Key presses on one slider with no pause longer than this are one undo step, as one drag is. */
const KEY_BURST_MS = 500;

/** `onGesture`: a gesture starts on slider `index` (or ends: null); `continues` keeps it in the undo step before it. */
export function useSliderGesture(
  index: number,
  value: number,
  onChange: (component: number, value: number) => void,
  onGesture: (dragging: number | null, continues?: boolean) => void,
) {
  const [held, setHeld] = useState<number | null>(null);
  const holding = useRef(false);
  const lastKeyUp = useRef(Number.NEGATIVE_INFINITY);
  // a drag ends with the pointer's release, or when the browser takes the pointer (a touch turning
  // into a scroll): either way the thumb follows the room again and the others stop seeing you drag
  const release = () => {
    if (!holding.current) return;
    holding.current = false;
    setHeld(null);
    onGesture(null);
  };
  return {
    /** the value the thumb shows: the held one during a drag, else the room's */
    shown: held ?? value,
    /** the range input's handlers */
    handlers: {
      onPointerDown: () => {
        holding.current = true;
        setHeld(value);
        onGesture(index);
      },
      onPointerUp: release,
      onPointerCancel: release,
      onLostPointerCapture: release,
      onKeyDown: (e: KeyboardEvent) => {
        if (VALUE_KEYS.has(e.key) && !e.repeat) onGesture(index, performance.now() - lastKeyUp.current < KEY_BURST_MS);
      },
      onKeyUp: (e: KeyboardEvent) => {
        if (!VALUE_KEYS.has(e.key)) return;
        lastKeyUp.current = performance.now();
        // the burst's undo step stays open: a press within KEY_BURST_MS joins it
        onGesture(null, true);
      },
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        const v = Number(e.target.value);
        if (held !== null) setHeld(v);
        onChange(index, v);
      },
    },
  };
}
