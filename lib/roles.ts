/** Who a link makes its holder: shared by the server (which decides) and the pages (which adapt). */
export const LINK_ROLES = ["artist", "witness", "viewer"] as const;
/** A role a link with a token carries. */
export type LinkRole = (typeof LINK_ROLES)[number];
/**
 * editor: the room's plain link (the room id alone), in a room that is no witness session;
 * none: a session that may do nothing (a revoked or unknown token, or a plain link to a witness session).
 */
export type Role = LinkRole | "editor" | "none";

/** The query parameter of a page's URL, and the request header of the API, that carry a link's token. */
export const KEY_PARAM = "k";
export const KEY_HEADER = "x-likeness-key";
