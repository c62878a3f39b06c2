"use client";

/**
 * The artist's witness-session controls: the role links (create, copy, replace, revoke), the face array
 * for the witness, and the session record. Locks, names and the witness's sliders are set on each slider.
 */
import { useCallback, useEffect, useId, useState } from "react";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";
import type { RoomSync } from "./useRoomSync";

interface Link {
  id: string;
  role: "artist" | "witness" | "viewer";
  createdAt: string;
  revokedAt: string | null;
}

const ROLE_NAMES = { artist: "Artist", witness: "Witness", viewer: "View only" } as const;

export function SessionPanel({ roomId, sync }: { roomId: string; sync: RoomSync }) {
  const [links, setLinks] = useState<Link[]>([]);
  const [fresh, setFresh] = useState<{ id: string; role: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const blurId = useId();
  const base = `/api/rooms/${roomId}/links`;

  const call = useCallback(async (url: string, init?: RequestInit) => {
    setError(null);
    const res = await fetch(withKey(url), { ...init, headers: { "content-type": "application/json" } });
    if (!res.ok) throw new Error(await apiError(res, "The server refused"));
    return res.json() as Promise<unknown>;
  }, []);
  const refresh = useCallback(
    () =>
      call(base)
        .then((rows) => setLinks(rows as Link[]))
        .catch((e: unknown) => setError((e as Error).message)),
    [base, call],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const issued = (body: unknown) => {
    const { id, role, path } = body as { id: string; role: string; path: string };
    setFresh({ id, role, url: `${window.location.origin}${path}` });
    void refresh();
  };
  const create = (role: "witness" | "viewer") =>
    call(base, { method: "POST", body: JSON.stringify({ role }) })
      .then(issued)
      .catch((e: unknown) => setError((e as Error).message));
  const rotate = (id: string) =>
    call(`${base}/${id}/rotate`, { method: "POST" })
      .then(issued)
      .catch((e: unknown) => setError((e as Error).message));
  const revoke = (id: string) =>
    call(`${base}/${id}`, { method: "DELETE" })
      .then(() => refresh())
      .catch((e: unknown) => setError((e as Error).message));

  const live = links.filter((l) => l.revokedAt === null);
  return (
    <section className="session-panel" aria-label="Witness session">
      <h2>Witness session</h2>
      <p className="status">
        Give the witness their own link. Once a witness or view-only link exists, the plain room link stops working:
        everyone joins with the link you give them.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void create("witness")}>
          Create witness link
        </button>
        <button type="button" onClick={() => void create("viewer")}>
          Create view-only link
        </button>
      </div>
      {fresh && (
        <p className="fresh-link">
          New {fresh.role} link (shown once): <input readOnly value={fresh.url} aria-label={`New ${fresh.role} link`} />{" "}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(fresh.url)}>
            Copy
          </button>
        </p>
      )}
      <ul className="links">
        {live.map((l) => (
          <li key={l.id}>
            {ROLE_NAMES[l.role]} link <code>{l.id}</code>{" "}
            {l.role !== "artist" && (
              <>
                <button type="button" onClick={() => void rotate(l.id)}>
                  Replace
                </button>{" "}
                <button type="button" onClick={() => void revoke(l.id)}>
                  Revoke
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <label className="check">
        <input
          type="checkbox"
          checked={sync.settings.array}
          disabled={!sync.ready}
          onChange={(e) => sync.configure((s) => s.set("array", e.target.checked))}
        />{" "}
        Offer the witness the face array
      </label>
      <div className="check">
        <label htmlFor={blurId}>Blur hair, ears and background</label>{" "}
        <select
          id={blurId}
          value={sync.settings.blur}
          disabled={!sync.ready}
          onChange={(e) => sync.configure((s) => s.set("blur", e.target.value))}
        >
          <option value="off">off</option>
          <option value="witness">for the witness</option>
          <option value="everyone">for everyone</option>
        </select>
      </div>
      <p>
        <a href={withKey(`/api/rooms/${roomId}/record.json`)} download>
          Export the session record (JSON)
        </a>
      </p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
