"use client";

/**
 * The room's decoder on this device, loaded once the room is usable and again for another model version,
 * disposed when drawing here stops. Its state is shown to the person; the decoder itself goes in
 * `decoderRef`, where the drawing reads it.
 */
import { type RefObject, useEffect, useState } from "react";
import type { RoomInfo } from "../../../lib/roomInfo";
import { type LocalDecoder, openLocalDecoder } from "./localDecoder";

export type LocalState =
  | { kind: "off"; reason: string }
  | { kind: "loading" }
  | { kind: "on"; backend: "webgpu" | "wasm"; msPerFace: number; threads: number }
  | { kind: "unavailable"; reason: string };

/** `why`: the reason it is off (localOffReason), or null; `onClose`: called as a decoder is let go. */
export function useLocalDecoder(
  room: RoomInfo,
  why: string | null,
  ready: boolean,
  decoderRef: RefObject<LocalDecoder | null>,
  onClose: () => void,
): LocalState {
  const { width, height } = room.image;
  const [state, setState] = useState<LocalState>({ kind: "off", reason: "not loaded yet" });
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
      onClose();
    };
  }, [why, ready, room.id, room.modelVersion, room.latent, width, height, decoderRef, onClose]);
  return state;
}
