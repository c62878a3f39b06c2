/**
 * A room's role links. Each carries a token of 128 random bits; only its SHA-256 is stored, so the
 * database alone opens no room. A room with a live witness or viewer link is a witness session: its plain
 * link (the room id alone) no longer opens it. Revoking or rotating a link closes its holders'
 * connections at once; the old token is refused from then on.
 */
import { createHash, randomBytes } from "node:crypto";
import type { LinkRole, Role } from "../../lib/roles";

export interface RoomLink {
  id: string;
  roomId: string;
  role: LinkRole;
  tokenHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Where links are kept (server/db/LinkStore.ts); without one they live as long as the process. */
export interface LinkStorage {
  create(link: RoomLink): Promise<void>;
  list(roomId: string): Promise<RoomLink[]>;
  revoke(id: string, at: Date): Promise<void>;
}

export type Resolved = { role: Role; linkId: string | null; refusal?: string };

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Whether the room is a witness session (a live witness or viewer link exists). */
export const isWitnessSession = (links: readonly RoomLink[]) =>
  links.some((l) => l.revokedAt === null && l.role !== "artist");

type Closer = (reason: string) => void;

export class RoomLinks {
  private readonly rooms = new Map<string, Promise<RoomLink[]>>();
  /** open connections by link: closed when their link is revoked */
  private readonly connections = new Map<string, Set<Closer>>();

  constructor(private readonly storage: LinkStorage | null = null) {}

  /** The room's links, newest first (revoked ones included). */
  list(roomId: string): Promise<RoomLink[]> {
    let links = this.rooms.get(roomId);
    if (!links) {
      links = this.storage ? this.storage.list(roomId) : Promise.resolve([]);
      this.rooms.set(roomId, links);
      links.catch(() => this.rooms.delete(roomId));
    }
    return links;
  }

  /** Forgets a room's links (it left memory); they are read again on its next use. */
  forget(roomId: string): void {
    if (this.storage) this.rooms.delete(roomId);
  }

  /** A new link; the token is returned once and never stored. */
  async create(roomId: string, role: LinkRole): Promise<{ link: RoomLink; token: string }> {
    const token = randomBytes(16).toString("base64url");
    const link: RoomLink = {
      id: randomBytes(6).toString("base64url"),
      roomId,
      role,
      tokenHash: hashToken(token),
      createdAt: new Date(),
      revokedAt: null,
    };
    const links = await this.list(roomId);
    await this.storage?.create(link);
    links.unshift(link);
    return { link, token };
  }

  /** Revokes the link and closes its holders' connections. Returns it, or undefined when the room has no such link. */
  async revoke(roomId: string, linkId: string, reason: string): Promise<RoomLink | undefined> {
    const link = (await this.list(roomId)).find((l) => l.id === linkId);
    if (!link) return undefined;
    if (link.revokedAt === null) {
      const at = new Date();
      await this.storage?.revoke(link.id, at);
      link.revokedAt = at;
    }
    for (const close of this.connections.get(linkId) ?? []) close(reason);
    this.connections.delete(linkId);
    return link;
  }

  /** The role a token (or none: the plain link) gives in the room. */
  async resolve(roomId: string, token: string | null): Promise<Resolved> {
    const links = await this.list(roomId);
    if (token === null) {
      if (isWitnessSession(links))
        return { role: "none", linkId: null, refusal: "this room is a witness session: open it with your own link" };
      return { role: "editor", linkId: null };
    }
    const hash = hashToken(token);
    const link = links.find((l) => l.tokenHash === hash);
    if (!link) return { role: "none", linkId: null, refusal: "this link is not valid for this room" };
    if (link.revokedAt !== null) return { role: "none", linkId: link.id, refusal: "this link was revoked" };
    return { role: link.role, linkId: link.id };
  }

  /** Registers an open connection of a link, closed if the link is revoked; returns its unregistration. */
  attach(linkId: string | null, close: Closer): () => void {
    if (linkId === null) return () => {};
    let set = this.connections.get(linkId);
    if (!set) {
      set = new Set();
      this.connections.set(linkId, set);
    }
    set.add(close);
    return () => {
      set.delete(close);
      if (set.size === 0 && this.connections.get(linkId) === set) this.connections.delete(linkId);
    };
  }
}
