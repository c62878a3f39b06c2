"use client";

import type { SnapshotSummary } from "../../../lib/api/snapshotApi";
import { withKey } from "./roomKey";

export type SnapshotFace = Pick<SnapshotSummary, "id" | "name" | "sliders">;

interface Props {
  /** the room's API path */
  base: string;
  a: SnapshotFace;
  b: SnapshotFace;
  /** the morph's rendering; null while the server draws it */
  preview: string | null;
  /** b's share of the morph, in percent */
  share: number;
}

/** The two snapshots' thumbnails and the morph between them, side by side. */
export function CompareFaces({ base, a, b, preview, share }: Props) {
  return (
    <div className="compare-faces">
      {[a, b].map((s) => (
        <figure key={s.id}>
          {/* biome-ignore lint/performance/noImgElement: a thumbnail served by our API */}
          <img
            className="compare-img"
            src={withKey(`${base}/snapshots/${s.id}/thumbnail.jpg`)}
            alt={`Snapshot ${s.name}`}
          />
          <figcaption>{s.name}</figcaption>
        </figure>
      ))}
      <figure>
        {preview ? (
          // biome-ignore lint/performance/noImgElement: the server's rendering of the morph
          <img className="compare-img" src={preview} alt="The morph" data-morph={share} />
        ) : (
          <div className="compare-img face" role="img" aria-label="Rendering the morph" />
        )}
        <figcaption>Morph</figcaption>
      </figure>
    </div>
  );
}
