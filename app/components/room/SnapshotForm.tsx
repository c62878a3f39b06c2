"use client";

/** Names the current face and saves it as a snapshot; the name field empties once it is saved. */
import { type FormEvent, useState } from "react";

interface Props {
  /** saving stores the server's copy of the face: only while it has all of this tab's edits */
  canSave: boolean;
  /** whether the snapshot was saved */
  onSave(name: string): Promise<boolean>;
}

export function SnapshotForm({ canSave, onSave }: Props) {
  const [name, setName] = useState("");
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await onSave(name)) setName("");
  };
  return (
    <form onSubmit={save} className="toolbar">
      <input
        type="text"
        aria-label="Snapshot name"
        maxLength={80}
        placeholder="Name this face"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button
        type="submit"
        disabled={!canSave}
        title={canSave ? undefined : "Saving waits until this tab's edits have reached the room"}
      >
        Save snapshot
      </button>
    </form>
  );
}
