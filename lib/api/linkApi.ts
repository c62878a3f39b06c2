/** The role-link API's requests and answers (server/http/linkRoutes.ts): the artist's witness and viewer links. */
import { z } from "zod";
import { LINK_ROLES, type LinkRole } from "../roles";

/** POST /api/rooms/:id/links */
export const createLinkSchema = z.object({ role: z.enum(LINK_ROLES) }).strict();
export type CreateLinkRequest = z.input<typeof createLinkSchema>;

/** A link as the list shows it (GET; DELETE answers the revoked one): never its token. */
export interface LinkSummary {
  id: string;
  role: LinkRole;
  /** ISO 8601 */
  createdAt: string;
  revokedAt: string | null;
}

/** A new or rotated link (POST, 201): its key and the room path that carries it, shown once. */
export interface IssuedLink extends LinkSummary {
  key: string;
  path: string;
}
