/** The session record in the database (append-only: the table refuses updates and deletes). */
import type { RecordEntry, RecordKind } from "../record/recordChain";
import type { RecordStorage } from "../record/SessionRecord";
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

type Row = Awaited<ReturnType<Db["recordEntry"]["findMany"]>>[number];

const fromRow = (r: Row): RecordEntry => ({
  seq: r.seq,
  at: r.at.toISOString(),
  kind: r.kind as RecordKind,
  actor: r.actor,
  role: r.role,
  data: JSON.parse(r.data) as unknown,
  prevHash: r.prevHash,
  hash: r.hash,
});

export class RecordStore implements RecordStorage {
  constructor(private readonly db: Db) {}

  async append(roomId: string, entries: RecordEntry[]): Promise<void> {
    const data = entries.map((e) => ({ ...e, roomId, at: new Date(e.at), data: JSON.stringify(e.data) }));
    await retryBusy(() => this.db.recordEntry.createMany({ data }));
  }

  async list(roomId: string): Promise<RecordEntry[]> {
    return (await this.db.recordEntry.findMany({ where: { roomId }, orderBy: { seq: "asc" } })).map(fromRow);
  }

  async last(roomId: string): Promise<RecordEntry | null> {
    const row = await this.db.recordEntry.findFirst({ where: { roomId }, orderBy: { seq: "desc" } });
    return row ? fromRow(row) : null;
  }
}
