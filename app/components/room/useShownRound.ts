"use client";

/**
 * The face array's round on screen, its faces as object URLs of their JPEGs: a new round's URLs replace
 * the last one's (which are revoked), and the page leaving revokes the last.
 */
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import type { ArrayRound } from "../../../lib/arrayProtocol";
import { jpegUrl } from "./shownFrame";

export interface ShownRound extends Omit<ArrayRound, "faces"> {
  faces: { sliders: number[]; url: string }[];
}

const revoke = (round: ShownRound | null) => {
  for (const f of round?.faces ?? []) URL.revokeObjectURL(f.url);
};

export function useShownRound(): {
  round: ShownRound | null;
  /** the round now, for handlers that outlive a render */
  roundRef: RefObject<ShownRound | null>;
  show(round: ArrayRound): void;
} {
  const [round, setRound] = useState<ShownRound | null>(null);
  const roundRef = useRef<ShownRound | null>(null);
  const show = useCallback((r: ArrayRound) => {
    const shown: ShownRound = {
      ...r,
      faces: r.faces.map((f) => ({
        sliders: f.sliders,
        url: jpegUrl(f.jpeg),
      })),
    };
    revoke(roundRef.current);
    roundRef.current = shown;
    setRound(shown);
  }, []);
  useEffect(() => () => revoke(roundRef.current), []);
  return { round, roundRef, show };
}
