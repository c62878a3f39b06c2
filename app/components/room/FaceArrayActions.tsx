"use client";

import type { FaceArray } from "./useFaceArray";

interface Props {
  array: FaceArray;
  canShow: boolean;
  canPick: boolean;
  /** the round no longer stands around the face now: it may not be picked from */
  stale: boolean;
  /** the faces ticked, in order */
  ticked: number[];
}

/** Under a round: use the ticked faces or none of them, or ask for new ones (closer or more different). */
export function FaceArrayActions({ array, canShow, canPick, stale, ticked }: Props) {
  return (
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
  );
}
