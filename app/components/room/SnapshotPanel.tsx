"use client";

/**
 * Save the current face with a name, see everyone's saved faces, restore (undoable) or delete them, and
 * compare two of them (ComparePanel: side by side and a morph).
 */
import { useState } from "react";
import type { SnapshotSummary } from "../../../lib/api/snapshotApi";
import { ComparePanel } from "./ComparePanel";
import { SnapshotForm } from "./SnapshotForm";
import { SnapshotItem } from "./SnapshotItem";
import { useSnapshots } from "./useSnapshots";

interface Props {
  roomId: string;
  /** changes whenever someone in the room saved or deleted a snapshot */
  version: number;
  /** saving stores the server's copy of the face: only while it has all of this tab's edits */
  canSave: boolean;
  canRestore: boolean;
  onRestore(sliders: number[]): void;
}

export function SnapshotPanel({ roomId, version, canSave, canRestore, onRestore }: Props) {
  const { list, error, save, remove, thumbnail } = useSnapshots(roomId, version);
  /** the snapshots chosen to compare (two at most) */
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id].slice(-2)));
  const pair = chosen.map((id) => list.find((s) => s.id === id)).filter((s) => s !== undefined);

  return (
    <section aria-label="Snapshots" className="snapshots">
      <h2>Snapshots</h2>
      <SnapshotForm canSave={canSave} onSave={save} />
      {error && <p role="alert">{error}</p>}
      <ul>
        {list.map((s) => (
          <SnapshotItem
            key={s.id}
            snapshot={s}
            thumbnail={thumbnail(s.id)}
            chosen={chosen.includes(s.id)}
            canRestore={canRestore}
            onToggle={() => toggle(s.id)}
            onRestore={onRestore}
            onDelete={() => void remove(s.id)}
          />
        ))}
      </ul>
      {pair.length === 2 && (
        <ComparePanel
          key={chosen.join()}
          roomId={roomId}
          a={pair[0] as SnapshotSummary}
          b={pair[1] as SnapshotSummary}
          canSave={canSave}
          canUse={canRestore}
          onUse={onRestore}
          onClose={() => setChosen([])}
        />
      )}
      {pair.length === 1 && <p className="status">Choose one more snapshot to compare.</p>}
    </section>
  );
}
