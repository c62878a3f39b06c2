"use client";

/**
 * The person's choice to draw faces on this device, kept in this browser: on unless they turned it off.
 * Read after the first render (the server has no storage), written at once when they change it.
 */
import { useCallback, useEffect, useState } from "react";

const SETTING = "likeness.localDrawing";

export function useDrawingSetting(): { enabled: boolean; setEnabled(on: boolean): void } {
  const [enabled, setEnabledState] = useState(true);
  useEffect(() => {
    try {
      setEnabledState(localStorage.getItem(SETTING) !== "off");
    } catch {
      // storage blocked: the default stands
    }
  }, []);
  const setEnabled = useCallback((on: boolean) => {
    setEnabledState(on);
    try {
      localStorage.setItem(SETTING, on ? "on" : "off");
    } catch {
      // storage blocked: for this page only
    }
  }, []);
  return { enabled, setEnabled };
}
