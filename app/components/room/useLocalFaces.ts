"use client";

/**
 * Faces drawn on this device while the sliders move: one face in the drawing at a time, the newest state
 * next (latest wins), whoever moved it (this tab, or someone else through Yjs). The server stays the
 * authority: its frame replaces the local face as soon as it shows the same sliders. Off when the
 * person turns it off (kept in this browser), when the room's model version may not leave the server,
 * when the face is blurred for this person, or when the device is too slow (localDecoder.ts).
 */
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { EVENTS } from "../../../lib/frameProtocol";
import type { RoomInfo } from "../../../lib/roomInfo";
import { type LocalDecoder, openLocalDecoder } from "./localDecoder";

const SETTING = "likeness.localDrawing";

export type LocalState =
  | { kind: "off"; reason: string }
  | { kind: "loading" }
  | { kind: "on"; backend: "webgpu" | "wasm"; msPerFace: number; threads: number }
  | { kind: "unavailable"; reason: string };

export interface LocalFaces {
  /** the person's setting (on unless they turned it off) */
  enabled: boolean;
  setEnabled(on: boolean): void;
  state: LocalState;
  /** the sliders of the face on the canvas; null until one is drawn */
  drawn: Float64Array | null;
  /** faces drawn here so far */
  draws: number;
  canvasRef: RefObject<HTMLCanvasElement | null>;
}

/** `socket`: the room's frame socket once joined: the server is told whether this page draws faces itself. */
export function useLocalFaces(
  room: RoomInfo,
  values: Float64Array,
  ready: boolean,
  blurred: boolean,
  socket: Socket | null,
): LocalFaces {
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

  const { width, height } = room.image;
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const decoderRef = useRef<LocalDecoder | null>(null);
  const [state, setState] = useState<LocalState>({ kind: "off", reason: "not loaded yet" });
  const [drawn, setDrawn] = useState<Float64Array | null>(null);
  const [draws, setDraws] = useState(0);
  const why = !enabled
    ? "turned off in this browser"
    : !room.localDrawing
      ? "this model is drawn on the server only"
      : blurred
        ? "the face is blurred for you: the server draws it"
        : null;

  // loaded once the room is usable, again for another model version
  useEffect(() => {
    if (why !== null) {
      setState({ kind: "off", reason: why });
      return;
    }
    if (!ready) return;
    let cancelled = false;
    setState({ kind: "loading" });
    openLocalDecoder(room.id, room.modelVersion, room.latent, { width, height })
      .then((result) => {
        if ("unavailable" in result) {
          if (!cancelled) setState({ kind: "unavailable", reason: result.unavailable });
          return;
        }
        if (cancelled) return result.decoder.dispose();
        decoderRef.current = result.decoder;
        const { backend, msPerFace, threads } = result.decoder;
        setState({ kind: "on", backend, msPerFace, threads });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ kind: "unavailable", reason: (error as Error).message });
      });
    return () => {
      cancelled = true;
      decoderRef.current?.dispose();
      decoderRef.current = null;
      setDrawn(null);
    };
  }, [why, ready, room.id, room.modelVersion, room.latent, width, height]);

  // latest wins: one face in the drawing at a time, the newest state next
  const wanted = useRef<Float64Array | null>(null);
  const busy = useRef(false);
  const pump = useCallback(() => {
    const decoder = decoderRef.current;
    const target = wanted.current;
    if (busy.current || !decoder || !target) return;
    wanted.current = null;
    busy.current = true;
    // drawn at once; the canvas shows it at the next animation frame, and a face takes longer than a
    // frame to draw, so at most one a frame
    decoder
      .draw(target)
      .then((image) => {
        if (decoderRef.current !== decoder) return;
        canvasRef.current?.getContext("2d")?.putImageData(image, 0, 0);
        setDrawn(target);
        setDraws((n) => n + 1);
      })
      .catch(() => {})
      .finally(() => {
        busy.current = false;
        pump();
      });
  }, []);
  // before the browser paints the moved slider, not after: a frame sooner
  useLayoutEffect(() => {
    if (state.kind !== "on") return;
    wanted.current = Float64Array.from(values);
    pump();
  }, [values, state.kind, pump]);

  // while every page of the room draws its faces, the server draws only the states that settle
  const drawsHere = state.kind === "on";
  useEffect(() => {
    socket?.emit(EVENTS.drawsLocally, { on: drawsHere });
  }, [socket, drawsHere]);

  return { enabled, setEnabled, state, drawn, draws, canvasRef };
}
