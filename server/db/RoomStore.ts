/**
 * Durable rooms: the room row, an append-only log of Yjs updates written within `flushMs` of an edit,
 * and compaction of the log into the room's stored state.
 */
import type { Db } from "./database";

export interface StoredRoom {
  id: string;
  name: string;
  createdAt: Date;
  modelVersion: string;
  state: Uint8Array | null;
  updates: { id: number; update: Uint8Array }[];
}

export class RoomStore {
  private readonly pending = new Map<string, Uint8Array[]>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** how soon an edit reaches the database */
    readonly flushMs = 200,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  async createRoom(room: { id: string; name: string; modelVersion: string }): Promise<void> {
    await this.db.room.create({ data: room });
  }

  async loadRoom(id: string): Promise<StoredRoom | null> {
    const room = await this.db.room.findUnique({
      where: { id },
      include: { updates: { orderBy: { id: "asc" }, select: { id: true, update: true } } },
    });
    if (!room) return null;
    return {
      id: room.id,
      name: room.name,
      createdAt: room.createdAt,
      modelVersion: room.modelVersion,
      state: room.state ? new Uint8Array(room.state) : null,
      updates: room.updates.map((u) => ({ id: u.id, update: new Uint8Array(u.update) })),
    };
  }

  /** Queues an update; it is written within flushMs. */
  append(roomId: string, update: Uint8Array): void {
    const list = this.pending.get(roomId) ?? [];
    list.push(update);
    this.pending.set(roomId, list);
    this.schedule(this.flushMs);
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => {
        // the updates are queued again: retry, no faster than once a second while the database fails
        this.log(`room updates not written, retrying: ${(error as Error).message}`);
        this.schedule(Math.max(this.flushMs, 1000));
      });
    }, ms);
  }

  /**
   * Writes every queued update now (also on shutdown). When the write fails, the updates go back to the
   * front of the queue (nothing is lost, order kept) and the returned promise rejects; later flushes
   * still run.
   */
  flush(): Promise<void> {
    const write = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const taken = new Map(this.pending);
      this.pending.clear();
      const batch = [...taken.entries()].flatMap(([roomId, updates]) =>
        updates.map((update) => ({ roomId, update: new Uint8Array(update) })),
      );
      try {
        await this.db.$transaction([
          this.db.roomUpdate.createMany({ data: batch }),
          this.db.room.updateMany({ where: { id: { in: [...taken.keys()] } }, data: { lastActiveAt: new Date() } }),
        ]);
      } catch (error) {
        for (const [roomId, updates] of taken)
          this.pending.set(roomId, [...updates, ...(this.pending.get(roomId) ?? [])]);
        throw error;
      }
    });
    this.flushing = write.catch(() => undefined);
    return write;
  }

  /**
   * Replaces the logged updates by the room's merged state. `state` is read after the newest logged
   * update is known, so everything that the deletion removes is in it.
   */
  async compact(roomId: string, state: () => Uint8Array): Promise<void> {
    await this.flush();
    const last = await this.db.roomUpdate.findFirst({
      where: { roomId },
      orderBy: { id: "desc" },
      select: { id: true },
    });
    const merged = state();
    await this.db.$transaction([
      this.db.room.update({ where: { id: roomId }, data: { state: new Uint8Array(merged) } }),
      this.db.roomUpdate.deleteMany({ where: { roomId, id: { lte: last?.id ?? 0 } } }),
    ]);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
