"use client";

/**
 * A room's role links for its artist: the list, creating, replacing (a new key for the same role) and
 * revoking them. A link's key is shown once: every link created or replaced stays on screen until put
 * away, and creating another does not hide it.
 */
import { useCallback, useEffect, useState } from "react";
import type { CreateLinkRequest, IssuedLink, LinkSummary } from "../../../lib/api/linkApi";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

/** A link just created or replaced, with the full address to give its holder. */
export type FreshLink = Pick<IssuedLink, "id" | "role"> & { url: string };

export interface RoomLinks {
  links: LinkSummary[];
  fresh: FreshLink[];
  /** why the last request failed */
  error: string | null;
  create(role: "witness" | "viewer"): Promise<void>;
  rotate(id: string): Promise<void>;
  revoke(id: string): Promise<void>;
  /** puts a fresh link away */
  dismiss(id: string): void;
}

export function useRoomLinks(roomId: string): RoomLinks {
  const [links, setLinks] = useState<LinkSummary[]>([]);
  const [fresh, setFresh] = useState<FreshLink[]>([]);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/rooms/${roomId}/links`;

  const call = useCallback(async (url: string, init?: RequestInit) => {
    setError(null);
    const res = await fetch(withKey(url), { ...init, headers: { "content-type": "application/json" } });
    if (!res.ok) throw new Error(await apiError(res, "The server refused"));
    return res.json() as Promise<unknown>;
  }, []);
  const failed = useCallback((e: unknown) => setError((e as Error).message), []);
  const refresh = useCallback(
    () =>
      call(base)
        .then((rows) => setLinks(rows as LinkSummary[]))
        .catch(failed),
    [base, call, failed],
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
  return {
    links,
    fresh,
    error,
    create: (role) =>
      call(base, { method: "POST", body: JSON.stringify({ role } satisfies CreateLinkRequest) })
        .then(issued)
        .catch(failed),
    rotate: (id) => call(`${base}/${id}/rotate`, { method: "POST" }).then(issued).catch(failed),
    revoke: (id) =>
      call(`${base}/${id}`, { method: "DELETE" })
        .then(() => refresh())
        .catch(failed),
    dismiss: (id) => setFresh((f) => f.filter((l) => l.id !== id)),
  };
}
