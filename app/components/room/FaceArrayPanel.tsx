"use client";

import type { FaceArray } from "./useFaceArray";

interface Props {
  array: FaceArray;
  /** may ask for a round (the artist always; the witness when the artist turned the array on) */
  canShow: boolean;
  canPick: boolean;
  /** the witness's large, plain version */
  large?: boolean;
}

/** Nine faces around the current one: pick the closest (it becomes the face), or none of them. */
export function FaceArrayPanel({ array, canShow, canPick, large = false }: Props) {
  const { round } = array;
  return (
    <section className={`face-array ${large ? "large" : ""}`} aria-label="Face array">
      <h2>{large ? "Which face is closest?" : "Face array"}</h2>
      {round ? (
        <>
          <div className="array-grid">
            {round.faces.map((face, i) => (
              <button
                key={face.url}
                type="button"
                className="array-face"
                disabled={!canPick || array.busy}
                onClick={() => array.pick(i)}
                aria-label={`Face ${i + 1}: pick this one`}
                data-picked={array.picked?.round === round.round && array.picked.index === i}
              >
                {/* biome-ignore lint/performance/noImgElement: a JPEG the server rendered for this round */}
                <img src={face.url} alt={`Candidate face ${i + 1}`} />
                <span>{i + 1}</span>
              </button>
            ))}
          </div>
          <div className="toolbar">
            {canPick && (
              <button type="button" disabled={array.busy} onClick={() => array.pick(null)}>
                None of these
              </button>
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
