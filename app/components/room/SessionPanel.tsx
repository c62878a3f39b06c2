"use client";

/**
 * The artist's witness-session controls: where the composite starts, the role links (create, copy,
 * replace, revoke), the face array for the witness, and the session record (export, print). Locks, names
 * and the witness's sliders are set on each slider.
 */
import { RoleLinks } from "./RoleLinks";
import type { RoomSync } from "./roomSync";
import { SessionRecord } from "./SessionRecord";
import { SessionSettings } from "./SessionSettings";
import { useRoomLinks } from "./useRoomLinks";

/** `neutral`: the model's mean-like face, where a composite starts leading the witness least. */
export function SessionPanel({ roomId, sync, neutral }: { roomId: string; sync: RoomSync; neutral: number[] }) {
  const links = useRoomLinks(roomId);
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
      <RoleLinks links={links} />
      <SessionSettings sync={sync} />
      <SessionRecord roomId={roomId} />
      {links.error && <p role="alert">{links.error}</p>}
    </section>
  );
}
