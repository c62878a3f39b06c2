"use client";

import type { ArrayPicked } from "../../../lib/arrayProtocol";
import type { ShownRound } from "./useShownRound";

interface Props {
  round: ShownRound;
  /** the last pick in the room: its faces are marked */
  picked: ArrayPicked | null;
  /** the faces ticked, in order */
  ticked: number[];
  /** the round no longer stands around the face now */
  stale: boolean;
  disabled: boolean;
  onToggle(i: number): void;
}

const ORDINAL = ["1st", "2nd", "3rd"];

/** A round's nine faces as buttons, each ticked 1st, 2nd or 3rd in the order tapped. */
export function FaceArrayGrid({ round, picked, ticked, stale, disabled, onToggle }: Props) {
  return (
    <div className="array-grid" data-stale={stale}>
      {round.faces.map((face, i) => {
        const rank = ticked.indexOf(i);
        return (
          <button
            key={face.url}
            type="button"
            className="array-face"
            disabled={disabled}
            onClick={() => onToggle(i)}
            aria-pressed={rank >= 0}
            aria-label={`Face ${i + 1}${rank >= 0 ? `, ticked ${ORDINAL[rank]}` : ""}`}
            data-picked={picked?.round === round.round && picked.picks.includes(i)}
          >
            {/* biome-ignore lint/performance/noImgElement: a JPEG the server rendered for this round */}
            <img src={face.url} alt={`Candidate face ${i + 1}`} />
            <span>{i + 1}</span>
            {rank >= 0 && <strong className="rank">{ORDINAL[rank]}</strong>}
          </button>
        );
      })}
    </div>
  );
}
