"use client";

/**
 * Faces drawn on this device while the sliders move: one face in the drawing at a time, the newest state
 * next (latest wins), whoever moved it (this tab, or someone else through Yjs). The server stays the
 * authority: its frame replaces the local face as soon as it shows the same sliders. Off when the
 * person turns it off (kept in this browser), when the room's model version may not leave the server,
 * when the face is blurred for this person, or when the device is too slow (localDecoder.ts).
 */
import { useEffect, useLayoutEffect, useRef } from "react";
import type { Socket } from "socket.io-client";
import { EVENTS } from "../../../lib/frameProtocol";
import type { RoomInfo } from "../../../lib/roomInfo";
import type { LocalDecoder } from "./localDecoder";
import { localOffReason } from "./localOffReason";
import { useDrawingSetting } from "./useDrawingSetting";
import { type LatestDraw, useLatestDraw } from "./useLatestDraw";
import { type LocalState, useLocalDecoder } from "./useLocalDecoder";

export interface LocalFaces extends Pick<LatestDraw, "drawn" | "draws" | "canvasRef"> {
  /** the person's setting (on unless they turned it off) */
  enabled: boolean;
  setEnabled(on: boolean): void;
  state: LocalState;
}

/** `socket`: the room's frame socket once joined: the server is told whether this page draws faces itself. */
export function useLocalFaces(
  room: RoomInfo,
  values: Float64Array,
  ready: boolean,
  blurred: boolean,
  socket: Socket | null,
): LocalFaces {
  const { enabled, setEnabled } = useDrawingSetting();
  const decoderRef = useRef<LocalDecoder | null>(null);
  const { drawn, draws, canvasRef, draw, clear } = useLatestDraw(decoderRef);
  const why = localOffReason(enabled, room.localDrawing, blurred);
  const state = useLocalDecoder(room, why, ready, decoderRef, clear);

  // before the browser paints the moved slider, not after: a frame sooner
  useLayoutEffect(() => {
    if (state.kind !== "on") return;
    draw(Float64Array.from(values));
  }, [values, state.kind, draw]);

  // while every page of the room draws its faces, the server draws only the states that settle
  const drawsHere = state.kind === "on";
  useEffect(() => {
    socket?.emit(EVENTS.drawsLocally, { on: drawsHere });
  }, [socket, drawsHere]);

  return { enabled, setEnabled, state, drawn, draws, canvasRef };
}
