"use client";

import { type FormEvent, useEffect, useState } from "react";
import type { SaveSnapshotRequest, SnapshotSummary } from "../../../lib/api/snapshotApi";
import { apiError } from "../apiError";
import { ComparePanel } from "./ComparePanel";
import { withKey } from "./roomKey";

interface Props {
  roomId: string;
  /** changes whenever someone in the room saved or deleted a snapshot */
  version: number;
  /** saving stores the server's copy of the face: only while it has all of this tab's edits */
  canSave: boolean;
  canRestore: boolean;
  onRestore(sliders: number[]): void;
}

/** Save the current face with a name, see everyone's saved faces, restore (undoable) or delete them. */
export function SnapshotPanel({ roomId, version, canSave, canRestore, onRestore }: Props) {
  const [list, setList] = useState<SnapshotSummary[]>([]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  /** the snapshots chosen to compare (two at most) */
  const [chosen, setChosen] = useState<string[]>([]);
  const base = `/api/rooms/${roomId}/snapshots`;

  useEffect(() => {
    let live = true;
    void version;
    fetch(withKey(base))
      .then(async (r) => {
        if (!r.ok) throw new Error(await apiError(r, "Could not load the snapshots"));
        return r.json() as Promise<SnapshotSummary[]>;
      })
      .then((rows) => live && setList(rows))
      .catch(
        (error: unknown) =>
          live &&
          setError(
            error instanceof TypeError
              ? "Could not load the snapshots: the server cannot be reached"
              : (error as Error).message,
          ),
      );
    return () => {
      live = false;
    };
  }, [base, version]);

  /** Runs a request; a failure (refused or unreachable) shows its reason. */
  async function send(request: () => Promise<Response>, fallback: string): Promise<boolean> {
    setError(null);
    try {
      const res = await request();
      if (res.ok) return true;
      setError(await apiError(res, fallback));
    } catch {
      setError(`${fallback}: the server cannot be reached`);
    }
    return false;
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const saved = await send(
      () =>
        fetch(withKey(base), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: name.trim() || `Face ${list.length + 1}` } satisfies SaveSnapshotRequest),
        }),
      "Could not save",
    );
    if (saved) setName("");
  }

  const remove = (id: string) => send(() => fetch(withKey(`${base}/${id}`), { method: "DELETE" }), "Could not delete");
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id].slice(-2)));
  const pair = chosen.map((id) => list.find((s) => s.id === id)).filter((s) => s !== undefined);

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
        <button
          type="submit"
          disabled={!canSave}
          title={canSave ? undefined : "Saving waits until this tab's edits have reached the room"}
        >
          Save snapshot
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ul>
        {list.map((s) => (
          <li key={s.id} data-snapshot={s.name}>
            {/* biome-ignore lint/performance/noImgElement: a thumbnail served by our API */}
            <img src={withKey(`${base}/${s.id}/thumbnail.jpg`)} alt={`Snapshot ${s.name}`} width={48} height={64} />
            <span>{s.name}</span>
            <label className="check" title="Choose two to compare and morph">
              <input
                type="checkbox"
                checked={chosen.includes(s.id)}
                onChange={() => toggle(s.id)}
                aria-label={`Compare snapshot ${s.name}`}
              />
              compare
            </label>
            <button type="button" onClick={() => onRestore(s.sliders)} disabled={!canRestore}>
              Restore
            </button>
            <button type="button" onClick={() => remove(s.id)} aria-label={`Delete snapshot ${s.name}`}>
              Delete
            </button>
          </li>
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
