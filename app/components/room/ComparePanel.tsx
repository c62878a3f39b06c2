"use client";

/**
 * Two snapshots side by side and a morph between them: the morph interpolates their slider values and is
 * rendered by the server in the room's model. A second composite, or a morph of two, is recognised more
 * often than either alone; the morph can be saved as a snapshot of its own or made the room's face.
 */
import { useState } from "react";
import type { SaveSnapshotRequest } from "../../../lib/api/snapshotApi";
import { apiError } from "../apiError";
import { CompareFaces, type SnapshotFace } from "./CompareFaces";
import { morph, morphName } from "./morph";
import { withKey } from "./roomKey";
import { useMorphPreview } from "./useMorphPreview";

interface Props {
  roomId: string;
  a: SnapshotFace;
  b: SnapshotFace;
  canSave: boolean;
  canUse: boolean;
  onUse(sliders: number[]): void;
  onClose(): void;
}

export function ComparePanel({ roomId, a, b, canSave, canUse, onUse, onClose }: Props) {
  const [t, setT] = useState(0.5);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const sliders = morph(a.sliders, b.sliders, t);
  const base = `/api/rooms/${roomId}`;
  const preview = useMorphPreview(base, sliders, setError);

  const share = Math.round(t * 100);
  const save = async () => {
    setError(null);
    const name = morphName(a.name, b.name, share);
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
      <CompareFaces base={base} a={a} b={b} preview={preview} share={share} />
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
