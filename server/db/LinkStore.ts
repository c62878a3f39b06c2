/** Role links in the database (only their tokens' hashes). */
import type { LinkRole } from "../../lib/roles";
import type { LinkStorage, RoomLink } from "../sessions/RoomLinks";
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

export class LinkStore implements LinkStorage {
  constructor(private readonly db: Db) {}

  async create(link: RoomLink): Promise<void> {
    await retryBusy(() => this.db.roomLink.create({ data: link }));
  }

  async list(roomId: string): Promise<RoomLink[]> {
    const rows = await this.db.roomLink.findMany({ where: { roomId }, orderBy: { createdAt: "desc" } });
    return rows.map((r) => ({ ...r, role: r.role as LinkRole }));
  }

  async revoke(id: string, at: Date): Promise<void> {
    await retryBusy(() => this.db.roomLink.update({ where: { id }, data: { revokedAt: at } }));
  }
}
