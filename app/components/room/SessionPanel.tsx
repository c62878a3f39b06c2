"use client";

/**
 * The artist's witness-session controls: where the composite starts, the role links (create, copy,
 * replace, revoke), the face array for the witness, and the session record (export, print). Locks, names
 * and the witness's sliders are set on each slider.
 */
import { useCallback, useEffect, useId, useState } from "react";
import type { CreateLinkRequest, IssuedLink, LinkSummary } from "../../../lib/api/linkApi";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";
import type { RoomSync } from "./roomSync";

const ROLE_NAMES = { artist: "Artist", witness: "Witness", viewer: "View only" } as const;

/** A yes-or-no setting of the session, on a line of its own. */
function SettingCheck({
  sync,
  setting,
  label,
}: {
  sync: RoomSync;
  setting: "array" | "arrayBackground";
  label: string;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={sync.settings[setting]}
        disabled={!sync.ready}
        onChange={(e) => sync.configure((s) => s.set(setting, e.target.checked))}
      />{" "}
      {label}
    </label>
  );
}

/** Opens the printable record in a new tab and asks the browser to print it once it has loaded. */
function printRecord(url: string) {
  const report = window.open(url, "_blank");
  report?.addEventListener("load", () => report.print());
}

/** `neutral`: the model's mean-like face, where a composite starts leading the witness least. */
export function SessionPanel({ roomId, sync, neutral }: { roomId: string; sync: RoomSync; neutral: number[] }) {
  const [links, setLinks] = useState<LinkSummary[]>([]);
  // every link created and not yet put away stays on screen: creating another does not hide it
  const [fresh, setFresh] = useState<{ id: string; role: string; url: string }[]>([]);
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
        .then((rows) => setLinks(rows as LinkSummary[]))
        .catch((e: unknown) => setError((e as Error).message)),
    [base, call],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const issued = (body: unknown) => {
    const { id, role, path } = body as IssuedLink;
    const url = `${window.location.origin}${path}`;
    setFresh((f) => [...f.filter((l) => l.id !== id), { id, role, url }]);
    void refresh();
  };
  const create = (role: "witness" | "viewer") =>
    call(base, { method: "POST", body: JSON.stringify({ role } satisfies CreateLinkRequest) })
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
    <section id="witness-setup" className="session-panel" aria-label="Witness session">
      <h2>Witness session</h2>
      <p>
        <button type="button" disabled={!sync.ready} onClick={() => sync.restore(neutral)}>
          Start from the neutral face
        </button>{" "}
        <span className="status">
          (an average of typical faces) or restore a snapshot below: a neutral start leads the witness least.
        </span>
      </p>
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
      {fresh.map((link) => (
        <p className="fresh-link" key={link.id}>
          New {link.role} link (shown once): <input readOnly value={link.url} aria-label={`New ${link.role} link`} />{" "}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>{" "}
          <button type="button" onClick={() => setFresh((f) => f.filter((l) => l.id !== link.id))}>
            Done
          </button>
        </p>
      ))}
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
      <SettingCheck sync={sync} setting="array" label="Offer the witness the face array" />
      <SettingCheck sync={sync} setting="arrayBackground" label="Let the array vary background and position" />
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
        </a>{" "}
        <button type="button" onClick={() => printRecord(withKey(`/api/rooms/${roomId}/record.html`))}>
          Print the session record
        </button>
      </p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
