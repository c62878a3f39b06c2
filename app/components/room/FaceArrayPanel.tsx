"use client";

import { useState } from "react";
import { sameFace, toggleTick } from "./arrayTicks";
import { FaceArrayActions } from "./FaceArrayActions";
import { FaceArrayGrid } from "./FaceArrayGrid";
import type { FaceArray } from "./useFaceArray";

interface Props {
  array: FaceArray;
  /** may ask for a round (the artist always; the witness when the artist turned the array on) */
  canShow: boolean;
  canPick: boolean;
  /** the room's face now: a round drawn around another face (after an undo, an edit) is out of date */
  values: ArrayLike<number>;
  /** the witness's large, plain version */
  large?: boolean;
}

/**
 * Nine faces around the current one (which is among them): tick the closest, and up to two more in order
 * (each helps the next round), then use them; or none of them.
 */
export function FaceArrayPanel({ array, canShow, canPick, values, large = false }: Props) {
  const { round } = array;
  // the faces ticked, in order, of one round: a new round starts with nothing ticked
  const [tick, setTick] = useState<{ round: number; faces: number[] }>({ round: 0, faces: [] });
  const ticked = tick.round === round?.round ? tick.faces : [];
  // after a pick the next round is on its way: the face moving meanwhile is expected
  const waiting = array.busy || array.picked?.round === round?.round;
  const stale = round !== null && !waiting && !sameFace(round.center, values);
  const toggle = (i: number) => {
    if (!round) return;
    setTick({ round: round.round, faces: toggleTick(ticked, i) });
  };
  return (
    <section className={`face-array ${large ? "large" : ""}`} aria-label="Face array">
      <h2>{large ? "Which faces are closest?" : "Face array"}</h2>
      {round && stale && (
        <p role="status" className="stale">
          The face has changed since these were drawn.{" "}
          {canShow && (
            <button type="button" onClick={() => array.show()}>
              Show faces around the face now
            </button>
          )}
        </p>
      )}
      {round ? (
        <>
          {canPick && !stale && (
            <p className="help">
              Tap the face most like the person; you may also tap a second and a third. Then use them.
            </p>
          )}
          <FaceArrayGrid
            round={round}
            picked={array.picked}
            ticked={ticked}
            stale={stale}
            disabled={!canPick || array.busy || stale}
            onToggle={toggle}
          />
          <FaceArrayActions array={array} canShow={canShow} canPick={canPick} stale={stale} ticked={ticked} />
        </>
      ) : (
        canShow && (
          <button type="button" disabled={array.busy} onClick={() => array.show()}>
            {large ? "Show me faces to choose from" : "Show a face array"}
          </button>
        )
      )}
      <p className="status" data-testid="faces-shown">
        {round ? `Round ${round.round} · ` : ""}Faces shown so far: {round?.shown ?? 0}
      </p>
      {array.error && <p role="alert">{array.error}</p>}
    </section>
  );
}
