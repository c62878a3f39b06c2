"use client";

import { type FormEvent, useEffect, useState } from "react";

interface Snapshot {
  id: string;
  name: string;
  createdAt: string;
  sliders: number[];
}

interface Props {
  roomId: string;
  /** changes whenever someone in the room saved or deleted a snapshot */
  version: number;
  onRestore(sliders: number[]): void;
}

/** Save the current face with a name, see everyone's saved faces, restore (undoable) or delete them. */
export function SnapshotPanel({ roomId, version, onRestore }: Props) {
  const [list, setList] = useState<Snapshot[]>([]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const base = `/api/rooms/${roomId}/snapshots`;

  useEffect(() => {
    let live = true;
    void version;
    fetch(base)
      .then((r) => (r.ok ? (r.json() as Promise<Snapshot[]>) : []))
      .then((rows) => live && setList(rows))
      .catch(() => live && setError("Could not load the snapshots"));
    return () => {
      live = false;
    };
  }, [base, version]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const res = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: name.trim() || `Face ${list.length + 1}` }),
    });
    if (!res.ok) setError(((await res.json()) as { error?: string }).error ?? "Could not save");
    else setName("");
  }

  async function remove(id: string) {
    const res = await fetch(`${base}/${id}`, { method: "DELETE" });
    if (!res.ok) setError("Could not delete");
  }

  return (
    <section aria-label="Snapshots" className="snapshots">
      <h2>Snapshots</h2>
      <form onSubmit={save} className="toolbar">
        <input
          type="text"
          aria-label="Snapshot name"
          maxLength={80}
          placeholder="Name this face"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit">Save snapshot</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ul>
        {list.map((s) => (
          <li key={s.id} data-snapshot={s.name}>
            {/* biome-ignore lint/performance/noImgElement: a thumbnail served by our API */}
            <img src={`${base}/${s.id}/thumbnail.jpg`} alt={`Snapshot ${s.name}`} width={48} height={64} />
            <span>{s.name}</span>
            <button type="button" onClick={() => onRestore(s.sliders)}>
              Restore
            </button>
            <button type="button" onClick={() => remove(s.id)} aria-label={`Delete snapshot ${s.name}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
