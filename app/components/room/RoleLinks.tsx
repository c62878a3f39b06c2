"use client";

/**
 * The role links of a witness session: creating a witness or view-only link, the links just made (shown
 * once, with Copy), and the links in use, each but the artist's replaceable and revocable.
 */
import type { RoomLinks } from "./useRoomLinks";

const ROLE_NAMES = { artist: "Artist", witness: "Witness", viewer: "View only" } as const;

export function RoleLinks({ links }: { links: RoomLinks }) {
  return (
    <>
      <div className="toolbar">
        <button type="button" onClick={() => void links.create("witness")}>
          Create witness link
        </button>
        <button type="button" onClick={() => void links.create("viewer")}>
          Create view-only link
        </button>
      </div>
      {links.fresh.map((link) => (
        <p className="fresh-link" key={link.id}>
          New {link.role} link (shown once): <input readOnly value={link.url} aria-label={`New ${link.role} link`} />{" "}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>{" "}
          <button type="button" onClick={() => links.dismiss(link.id)}>
            Done
          </button>
        </p>
      ))}
      <ul className="links">
        {links.links
          .filter((l) => l.revokedAt === null)
          .map((l) => (
            <li key={l.id}>
              {ROLE_NAMES[l.role]} link <code>{l.id}</code>{" "}
              {l.role !== "artist" && (
                <>
                  <button type="button" onClick={() => void links.rotate(l.id)}>
                    Replace
                  </button>{" "}
                  <button type="button" onClick={() => void links.revoke(l.id)}>
                    Revoke
                  </button>
                </>
              )}
            </li>
          ))}
      </ul>
    </>
  );
}
