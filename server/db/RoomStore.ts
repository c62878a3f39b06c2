/**
 * Durable rooms: the room row, an append-only log of Yjs updates written by group commit (one write
 * for all the edits of every room that arrived within `flushMs`), and compaction of the log into the
 * room's stored state.
 */
import type { RoomStorage, StoredRoom } from "../rooms/RoomStorage";
import type { Db } from "./database";
import { retryBusy } from "./retryBusy";

interface Queued {
  update: Uint8Array;
  written(): void;
}

/** Updates that could not be written before the store closed: they are lost, and the caller must say so. */
export class UnwrittenUpdatesError extends Error {}

export class RoomStore implements RoomStorage {
  private readonly pending = new Map<string, Queued[]>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** the group-commit window: how soon an edit reaches the database */
    readonly flushMs = 10,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  async setModelVersion(roomId: string, version: string): Promise<void> {
    await retryBusy(() => this.db.room.update({ where: { id: roomId }, data: { modelVersion: version } }));
  }

  async createRoom(room: { id: string; name: string; modelVersion: string }): Promise<void> {
    await retryBusy(() => this.db.room.create({ data: room }));
  }

  async loadRoom(id: string): Promise<StoredRoom | null> {
    const room = await retryBusy(() =>
      this.db.room.findUnique({
        where: { id },
        include: { updates: { orderBy: { id: "asc" }, select: { id: true, update: true } } },
      }),
    );
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

  /**
   * Queues an update; it is written within flushMs, with every other update queued by then. Resolves once
   * it is in the database; a failed write is retried while the process lives, so it never rejects.
   */
  append(roomId: string, update: Uint8Array): Promise<void> {
    return new Promise((written) => {
      const list = this.pending.get(roomId) ?? [];
      list.push({ update, written });
      this.pending.set(roomId, list);
      this.schedule(this.flushMs);
    });
  }

  /** Updates queued and not yet written. */
  get backlog(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
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
        updates.map((q) => ({ roomId, update: new Uint8Array(q.update) })),
      );
      try {
        // one transaction: the batch appended, its rooms marked active
        await this.db.$transaction([
          this.db.roomUpdate.createMany({ data: batch }),
          this.db.room.updateMany({ where: { id: { in: [...taken.keys()] } }, data: { lastActiveAt: new Date() } }),
        ]);
      } catch (error) {
        for (const [roomId, updates] of taken)
          this.pending.set(roomId, [...updates, ...(this.pending.get(roomId) ?? [])]);
        throw error;
      }
      for (const updates of taken.values()) for (const q of updates) q.written();
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
    await retryBusy(async () => {
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
    });
  }

  /**
   * Writes what is queued (shutdown), trying `attempts` times a second apart while the database fails;
   * then throws UnwrittenUpdatesError saying how many updates are lost.
   */
  async close(attempts = 5): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.flush();
      } catch (error) {
        if (attempt >= attempts)
          throw new UnwrittenUpdatesError(
            `${this.backlog} room updates could not be written (${(error as Error).message.split("\n")[0]})`,
          );
        this.log(`room updates not written at shutdown (attempt ${attempt} of ${attempts}), retrying`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
