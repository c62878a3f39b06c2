/** Named faces saved in a room: slider values and a JPEG thumbnail. */
import { randomBytes } from "node:crypto";
import type { SnapshotSummary } from "../../lib/api/snapshotApi";
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

export class SnapshotStore {
  constructor(private readonly db: Db) {}

  async save(
    roomId: string,
    name: string,
    sliders: ArrayLike<number>,
    thumbnail: Uint8Array,
  ): Promise<SnapshotSummary> {
    const row = await retryBusy(() =>
      this.db.snapshot.create({
        data: {
          id: randomBytes(9).toString("base64url"),
          roomId,
          name,
          sliders: JSON.stringify(Array.from(sliders)),
          thumbnail: new Uint8Array(thumbnail),
        },
      }),
    );
    return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), sliders: Array.from(sliders) };
  }

  async list(roomId: string): Promise<SnapshotSummary[]> {
    const rows = await retryBusy(() =>
      this.db.snapshot.findMany({
        where: { roomId },
        orderBy: { createdAt: "desc" },
        select: { id: true, name: true, createdAt: true, sliders: true },
      }),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      sliders: JSON.parse(r.sliders) as number[],
    }));
  }

  async thumbnail(roomId: string, id: string): Promise<Uint8Array | null> {
    const row = await retryBusy(() =>
      this.db.snapshot.findFirst({ where: { id, roomId }, select: { thumbnail: true } }),
    );
    return row ? new Uint8Array(row.thumbnail) : null;
  }

  async remove(roomId: string, id: string): Promise<boolean> {
    const { count } = await retryBusy(() => this.db.snapshot.deleteMany({ where: { id, roomId } }));
    return count > 0;
  }
}
