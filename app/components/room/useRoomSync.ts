"use client";

/**
 * The room's shared sliders over Yjs (y-websocket protocol): values, per-user undo/redo (one drag =
 * one step, never someone else's change), presence through awareness, and the connection state.
 * Slider writes are coalesced (at most one Yjs update per WRITE_INTERVAL_MS) so a fast drag stays far
 * below the server's message rate limit; editing waits for the room's state (an edit made before it
 * arrives could lose against the room's older value).
 */
import { useCallback } from "react";
import { sessionMap } from "../../../lib/sessionSettings";
import type { Identity } from "../identity";
import type { RoomSync } from "./roomSync";
import { useRandomize } from "./useRandomize";
import { useRoomConnection } from "./useRoomConnection";
import { useSliderWrites } from "./useSliderWrites";
import { useUndoSteps } from "./useUndoSteps";

/**
 * `randomDepth`: how many leading sliders Randomize draws (lib/faceSpace randomDepth); the rest go to 0.
 * `epoch`: the room document's epoch as the page was given it (a reset brings the new one).
 */
export function useRoomSync(
  roomId: string,
  latent: number,
  randomDepth: number,
  identity: Identity,
  epoch: number,
): RoomSync {
  const { ref, setValues, shown } = useRoomConnection(roomId, latent, identity, epoch);
  const { flush, setSlider, setSliders } = useSliderWrites(ref, setValues);
  return {
    ...shown,
    configure: useCallback(
      (change) => {
        const r = ref.current;
        if (r) r.doc.transact(() => change(sessionMap(r.doc)), "settings");
      },
      [ref],
    ),
    setSlider,
    setSliders,
    ...useUndoSteps(ref, flush, latent),
    randomize: useRandomize(ref, roomId, latent, randomDepth),
  };
}
