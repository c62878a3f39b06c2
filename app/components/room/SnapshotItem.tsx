"use client";

/** One saved face in the snapshot list: its thumbnail and name, chosen to compare or not, restore and delete. */
import type { SnapshotSummary } from "../../../lib/api/snapshotApi";

interface Props {
  snapshot: SnapshotSummary;
  thumbnail: string;
  chosen: boolean;
  canRestore: boolean;
  onToggle(): void;
  onRestore(sliders: number[]): void;
  onDelete(): void;
}

export function SnapshotItem({ snapshot: s, thumbnail, chosen, canRestore, onToggle, onRestore, onDelete }: Props) {
  return (
    <li data-snapshot={s.name}>
      {/* biome-ignore lint/performance/noImgElement: a thumbnail served by our API */}
      <img src={thumbnail} alt={`Snapshot ${s.name}`} width={48} height={64} />
      <span>{s.name}</span>
      <label className="check" title="Choose two to compare and morph">
        <input type="checkbox" checked={chosen} onChange={onToggle} aria-label={`Compare snapshot ${s.name}`} />
        compare
      </label>
      <button type="button" onClick={() => onRestore(s.sliders)} disabled={!canRestore}>
        Restore
      </button>
      <button type="button" onClick={onDelete} aria-label={`Delete snapshot ${s.name}`}>
        Delete
      </button>
    </li>
  );
}
