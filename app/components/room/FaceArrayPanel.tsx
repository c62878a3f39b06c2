"use client";

import { useState } from "react";
import { MAX_PICKS } from "../../../lib/arrayProtocol";
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

const ORDINAL = ["1st", "2nd", "3rd"];
const same = (a: readonly number[], b: ArrayLike<number>) =>
  a.length === b.length && a.every((v, k) => Math.abs(v - (b[k] ?? 0)) < 1e-6);

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
  const stale = round !== null && !waiting && !same(round.center, values);
  const toggle = (i: number) => {
    if (!round) return;
    const faces = ticked.includes(i) ? ticked.filter((x) => x !== i) : [...ticked, i].slice(0, MAX_PICKS);
    setTick({ round: round.round, faces });
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
          <div className="array-grid" data-stale={stale}>
            {round.faces.map((face, i) => {
              const rank = ticked.indexOf(i);
              return (
                <button
                  key={face.url}
                  type="button"
                  className="array-face"
                  disabled={!canPick || array.busy || stale}
                  onClick={() => toggle(i)}
                  aria-pressed={rank >= 0}
                  aria-label={`Face ${i + 1}${rank >= 0 ? `, ticked ${ORDINAL[rank]}` : ""}`}
                  data-picked={array.picked?.round === round.round && array.picked.picks.includes(i)}
                >
                  {/* biome-ignore lint/performance/noImgElement: a JPEG the server rendered for this round */}
                  <img src={face.url} alt={`Candidate face ${i + 1}`} />
                  <span>{i + 1}</span>
                  {rank >= 0 && <strong className="rank">{ORDINAL[rank]}</strong>}
                </button>
              );
            })}
          </div>
          <div className="toolbar">
            {canPick && (
              <>
                <button
                  type="button"
                  disabled={array.busy || stale || ticked.length === 0}
                  onClick={() => array.pick(ticked)}
                >
                  {ticked.length > 1 ? `Use these ${ticked.length}` : "Use this face"}
                </button>
                <button type="button" disabled={array.busy || stale} onClick={() => array.pick([])}>
                  None of these
                </button>
              </>
            )}
            {canShow && (
              <>
                <button type="button" disabled={array.busy} onClick={() => array.show()}>
                  New faces
                </button>
                <button type="button" disabled={array.busy} onClick={() => array.show(true)}>
                  More different faces
                </button>
              </>
            )}
          </div>
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
