"use client";

/**
 * A room's saved faces: the list, asked for again whenever someone in the room saved or deleted one
 * (`version`), saving the current face under a name and deleting one. A failure (refused or unreachable)
 * is kept as the error to show.
 */
import { useEffect, useState } from "react";
import type { SaveSnapshotRequest, SnapshotSummary } from "../../../lib/api/snapshotApi";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

export function useSnapshots(roomId: string, version: number) {
  const [list, setList] = useState<SnapshotSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
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
  /** Saves the room's face under `name` (or "Face n" when it has none); whether it was saved. */
  const save = (name: string) =>
    send(
      () =>
        fetch(withKey(base), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: name.trim() || `Face ${list.length + 1}` } satisfies SaveSnapshotRequest),
        }),
      "Could not save",
    );
  const remove = (id: string) => send(() => fetch(withKey(`${base}/${id}`), { method: "DELETE" }), "Could not delete");
  return { list, error, save, remove, thumbnail: (id: string) => withKey(`${base}/${id}/thumbnail.jpg`) };
}
