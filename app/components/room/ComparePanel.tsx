"use client";

/**
 * Two snapshots side by side and a morph between them: the morph interpolates their slider values and is
 * rendered by the server in the room's model. A second composite, or a morph of two, is recognised more
 * often than either alone; the morph can be saved as a snapshot of its own or made the room's face.
 */
import { useEffect, useState } from "react";
import type { PreviewRequest } from "../../../lib/api/roomApi";
import type { SaveSnapshotRequest, SnapshotSummary } from "../../../lib/api/snapshotApi";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

export type SnapshotFace = Pick<SnapshotSummary, "id" | "name" | "sliders">;

interface Props {
  roomId: string;
  a: SnapshotFace;
  b: SnapshotFace;
  canSave: boolean;
  canUse: boolean;
  onUse(sliders: number[]): void;
  onClose(): void;
}

/** The sliders `t` of the way from a to b (0: a, 1: b). */
export const morph = (a: number[], b: number[], t: number) =>
  a.map((v, k) => Math.round((v + ((b[k] ?? 0) - v) * t) * 1000) / 1000);

/** Previews are asked for at most this often while the morph slider moves. */
const PREVIEW_MS = 150;

export function ComparePanel({ roomId, a, b, canSave, canUse, onUse, onClose }: Props) {
  const [t, setT] = useState(0.5);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const sliders = morph(a.sliders, b.sliders, t);
  const key = sliders.join(",");
  const base = `/api/rooms/${roomId}`;

  useEffect(() => {
    let live = true;
    let url: string | null = null;
    const timer = setTimeout(() => {
      fetch(withKey(`${base}/preview.jpg`), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sliders: key.split(",").map(Number) } satisfies PreviewRequest),
      })
        .then(async (res) => {
          if (!res.ok) throw new Error(await apiError(res, "No preview"));
          url = URL.createObjectURL(await res.blob());
          if (live) setPreview(url);
        })
        .catch((e: unknown) => live && setError((e as Error).message));
    }, PREVIEW_MS);
    return () => {
      live = false;
      clearTimeout(timer);
      if (url) setTimeout(() => URL.revokeObjectURL(url as string), 1000);
    };
  }, [base, key]);

  const share = Math.round(t * 100);
  const save = async () => {
    setError(null);
    const name = `Morph: ${100 - share}% ${a.name}, ${share}% ${b.name}`.slice(0, 80);
    const res = await fetch(withKey(`${base}/snapshots`), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, sliders } satisfies SaveSnapshotRequest),
    });
    if (res.ok) setSaved(name);
    else setError(await apiError(res, "Could not save the morph"));
  };

  return (
    <section className="compare" aria-label="Compare and morph">
      <h3>
        Compare “{a.name}” and “{b.name}”
      </h3>
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
      <label className="check">
        {a.name}
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={t}
          aria-label="Morph between the two snapshots"
          aria-valuetext={`${share}% of ${b.name}`}
          onChange={(e) => setT(Number(e.target.value))}
        />
        {b.name}
      </label>
      <div className="toolbar">
        <button type="button" onClick={() => void save()} disabled={!canSave}>
          Save the morph as a snapshot
        </button>
        <button type="button" onClick={() => onUse(sliders)} disabled={!canUse}>
          Make it the room's face
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {saved && <p className="status">Saved “{saved}”.</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
