"use client";

/**
 * The face array over the room's socket: the current round's faces (as image URLs), who asked, each pick.
 * Everyone in the room sees the same round live; the page that picked applies the face (one undo step).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { ARRAY_EVENTS, type ArrayPicked, type ArrayRound } from "../../../lib/arrayProtocol";
import { EVENTS, type RoomErrorMessage } from "../../../lib/frameProtocol";
import { type ShownRound, useShownRound } from "./useShownRound";

export interface FaceArray {
  round: ShownRound | null;
  /** the last pick in the room */
  picked: ArrayPicked | null;
  /** waiting for a round */
  busy: boolean;
  error: string | null;
  show(widen?: boolean): void;
  /** up to three faces of the current round, the closest first; [] for "none of these" */
  pick(picks: number[]): void;
}

/** `apply`: makes a face this page picked the current face (`components`: the sliders it changes). */
export function useFaceArray(
  socket: Socket | null,
  apply: (sliders: number[], components: number[]) => void,
): FaceArray {
  const { round, roundRef, show: showRound } = useShownRound();
  const [picked, setPicked] = useState<ArrayPicked | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = useRef<number | null>(null);
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    if (!socket) return;
    const onRound = (r: ArrayRound) => {
      showRound(r);
      setBusy(false);
      setError(null);
    };
    const onPicked = (p: ArrayPicked) => {
      setPicked(p);
      // the sliders the picks changed: every free one may have (the faces shown are pulled toward the training faces)
      const center = roundRef.current?.center ?? [];
      if (mine.current === p.round && p.sliders)
        applyRef.current(
          p.sliders,
          p.sliders.flatMap((v, k) => (v !== center[k] ? [k] : [])),
        );
      mine.current = null;
    };
    const onError = (e: RoomErrorMessage) => {
      if (e.code === "invalid" || e.code === "forbidden") {
        setBusy(false);
        setError(e.message);
      }
    };
    socket.on(ARRAY_EVENTS.round, onRound);
    socket.on(ARRAY_EVENTS.picked, onPicked);
    socket.on(EVENTS.error, onError);
    // a round already on screen (this page reopened while the witness chooses) is shown again
    socket.emit(ARRAY_EVENTS.current, {});
    return () => {
      socket.off(ARRAY_EVENTS.round, onRound);
      socket.off(ARRAY_EVENTS.picked, onPicked);
      socket.off(EVENTS.error, onError);
    };
  }, [socket, showRound, roundRef]);

  return {
    round,
    picked,
    busy,
    error,
    show: useCallback(
      (widen = false) => {
        setBusy(true);
        socket?.emit(ARRAY_EVENTS.show, widen ? { widen } : {});
      },
      [socket],
    ),
    pick: useCallback(
      (picks: number[]) => {
        const r = roundRef.current;
        if (!r || !socket) return;
        mine.current = r.round;
        setBusy(true);
        socket.emit(ARRAY_EVENTS.pick, { round: r.round, picks });
      },
      [socket, roundRef],
    ),
  };
}
