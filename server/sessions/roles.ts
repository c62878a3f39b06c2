/**
 * What each role may do. The artist leads a witness session; the witness recognises and chooses (moves
 * the sliders the artist allows, picks from the face array); a viewer watches. A plain room's link
 * holders (editors) co-edit as before, and may start a face array; only the artist manages links and the
 * session's settings.
 */
import type { Role } from "../../lib/roles";
import { ACTIONS, type Action, type Authorize } from "./session";

const EDITOR: Action[] = ACTIONS.filter((a) => a !== "links:manage" && a !== "session:configure");
// a plain room has no locks; editors keep moving every slider

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  artist: ACTIONS,
  editor: EDITOR,
  witness: ["room:read", "room:edit", "presence:update", "frames:watch", "array:show", "array:pick"],
  viewer: ["room:read", "presence:update", "frames:watch", "snapshots:read"],
  none: [],
};

const allowed = new Map(Object.entries(ROLE_ACTIONS).map(([role, actions]) => [role, new Set(actions)]));

/** The default authorizer: by the session's role; creating a room is open to all. */
export const byRole: Authorize = (session, action) =>
  action === "rooms:create" || (allowed.get(session.role)?.has(action) ?? false);
