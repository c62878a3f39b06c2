/**
 * Durable rooms: the room row, an append-only log of Yjs updates written by group commit (one write
 * for all the edits of every room that arrived while the previous write was under way), and compaction
 * of the log into the room's stored state. With several instances, the rooms this one owns carry its owner epoch, and their
 * writes go through only while the room's epoch in the database is still that one (fencing).
 */

import type { RoomSnapshot, RoomStorage, StoredRoom } from "../rooms/RoomStorage";
import type { Db } from "./database";
import { databaseErrorLine } from "./databaseError";
import { Prisma } from "./generated/client";
import { retryBusy } from "./retryBusy";

interface Queued {
  update: Uint8Array;
  written(): void;
}

type LogRow = { roomId: string; update: Uint8Array };

/**
 * Appends rows to the room log in one statement. Written as SQL (the same on SQLite and PostgreSQL):
 * Prisma's createMany spends about 0.45 ms of the event loop compiling each such write, four times
 * this statement's cost, and the log is the database's busiest write (docs/robustness.md).
 */
function appendRows(db: Pick<Db, "$executeRaw">, rows: LogRow[]): Promise<number> {
  const createdAt = new Date();
  const values = rows.map((r) => Prisma.sql`(${r.roomId}, ${r.update}, ${createdAt})`);
  return db.$executeRaw`INSERT INTO "RoomUpdate" ("roomId", "update", "createdAt") VALUES ${Prisma.join(values)}`;
}

/** Updates that could not be written before the store closed: they are lost, and the caller must say so. */
export class UnwrittenUpdatesError extends Error {}

/** A write of a room another instance has taken over since: refused, and the room must leave this one. */
export class StaleOwnerError extends Error {}

export interface RoomStoreOptions {
  /** how long an edit waits for others before a write starts, when none is under way (default 0) */
  flushMs?: number;
  log?: (line: string) => void;
  /** told the seconds each group commit took (the operators' metrics) */
  onWrite?: (seconds: number) => void;
  /** several instances: rooms are written only with this instance's claim; told of rooms the database fenced off */
  fenced?: (roomId: string) => void;
}

export class RoomStore implements RoomStorage {
  private readonly pending = new Map<string, Queued[]>();
  /** the owner epoch of each room this instance claimed (several instances); none: a single instance */
  private readonly epochs = new Map<string, number>();
  /** rooms another instance took from this one: never written again here unless claimed again */
  private readonly lost = new Set<string>();
  /** several instances: a room is written only with the epoch of this instance's claim, never without */
  private readonly claimsRequired: boolean;
  readonly flushMs: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  /** a scheduled write is under way: edits queued meanwhile go in the next one, started when it ends */
  private writing = false;
  /** when each room was last marked active */
  private readonly marked = new Map<string, number>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly o: RoomStoreOptions = {},
  ) {
    this.flushMs = o.flushMs ?? 0;
    this.log = o.log ?? ((line) => console.error(line));
    this.claimsRequired = o.fenced !== undefined;
  }

  /** Takes the room over: raises its owner epoch and writes with it from now on; false when there is no such room. */
  async claim(roomId: string): Promise<boolean> {
    const rows = await retryBusy(() =>
      this.db.room.updateManyAndReturn({
        where: { id: roomId },
        data: { ownerEpoch: { increment: 1 } },
        select: { ownerEpoch: true },
      }),
    );
    const epoch = rows[0]?.ownerEpoch;
    if (epoch === undefined) return false;
    this.epochs.set(roomId, epoch);
    this.lost.delete(roomId);
    return true;
  }

  /** Stops writing a room another instance took: its queued updates are dropped (its clients resend them there). */
  forget(roomId: string): void {
    this.marked.delete(roomId);
    if (this.epochs.delete(roomId)) this.lost.add(roomId);
    this.pending.delete(roomId);
  }

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
      docEpoch: room.docEpoch,
      updates: room.updates.map((u) => ({ id: u.id, update: new Uint8Array(u.update) })),
    };
  }

  /**
   * Queues an update; it is written with every other update queued by then, after flushMs or, while a
   * write is under way, as soon as that write ends. Resolves once
   * it is in the database; a failed write is retried while the process lives, so it never rejects.
   */
  append(roomId: string, update: Uint8Array): Promise<void> {
    // a room taken over by another instance: this one is about to drop it, and its clients resend there
    if (this.lost.has(roomId)) return new Promise(() => {});
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
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writing = true;
      this.flush().then(
        () => {
          this.writing = false;
          if (this.pending.size > 0) this.schedule(this.flushMs);
        },
        (error: unknown) => {
          this.writing = false;
          // the updates are queued again: retry, no faster than once a second while the database fails
          this.log(`room updates not written, retrying: ${(error as Error).message}`);
          this.schedule(Math.max(this.flushMs, 1000));
        },
      );
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
      const batch: LogRow[] = [...taken.entries()].flatMap(([roomId, updates]) =>
        updates.map((q) => ({ roomId, update: q.update })),
      );
      let fenced: string[] = [];
      const started = performance.now();
      try {
        if (!this.claimsRequired && this.epochs.size === 0) {
          // one statement, its own transaction; rooms marked active once a minute
          await appendRows(this.db, batch);
          await this.markActive([...taken.keys()]);
        }
        // each room's epoch as the batch is taken: a claim lost meanwhile does not unfence its updates
        else fenced = await this.fencedWrite(new Map([...taken.keys()].map((id) => [id, this.epochs.get(id)])), batch);
      } catch (error) {
        // queued again, except rooms another instance took meanwhile: theirs are never written here
        for (const [roomId, updates] of taken)
          if (!this.lost.has(roomId)) this.pending.set(roomId, [...updates, ...(this.pending.get(roomId) ?? [])]);
        throw error;
      }
      this.o.onWrite?.((performance.now() - started) / 1000);
      for (const [roomId, updates] of taken) if (!fenced.includes(roomId)) for (const q of updates) q.written();
      for (const roomId of fenced) {
        this.log(`room ${roomId}: updates refused, another instance owns it now`);
        this.forget(roomId);
        this.o.fenced?.(roomId);
      }
    });
    this.flushing = write.catch(() => undefined);
    return write;
  }

  /**
   * Marks rooms active (lastActiveAt), each at most once a minute; a failure is only logged (the batch's
   * updates are written by then).
   */
  private async markActive(roomIds: string[]): Promise<void> {
    const now = Date.now();
    const due = roomIds.filter((id) => now - (this.marked.get(id) ?? 0) >= 60_000);
    if (due.length === 0) return;
    for (const id of due) this.marked.set(id, now);
    if (this.marked.size > 4096) for (const [id, at] of this.marked) if (now - at >= 60_000) this.marked.delete(id);
    try {
      await this.db.room.updateMany({ where: { id: { in: due } }, data: { lastActiveAt: new Date(now) } });
    } catch (error) {
      this.log(`rooms not marked active: ${databaseErrorLine(error)}`);
    }
  }

  /**
   * The batch's rooms marked active where this instance's epoch is still theirs, and only their updates
   * appended, in one transaction; returns the rooms whose epoch moved on (their updates not written).
   */
  private async fencedWrite(epochs: Map<string, number | undefined>, batch: LogRow[]) {
    return this.db.$transaction(async (tx) => {
      const fenced: string[] = [];
      for (const [id, epoch] of epochs) {
        // unclaimed, with claims required: not this instance's to write
        if (epoch === undefined && this.claimsRequired) {
          fenced.push(id);
          continue;
        }
        const where = epoch === undefined ? { id } : { id, ownerEpoch: epoch };
        const { count } = await tx.room.updateMany({ where, data: { lastActiveAt: new Date() } });
        if (count === 0 && epoch !== undefined) fenced.push(id);
      }
      const kept = batch.filter((u) => !fenced.includes(u.roomId));
      if (kept.length > 0) await appendRows(tx, kept);
      return fenced;
    });
  }

  /**
   * Replaces the logged updates by the room's merged state. `state` is read after the newest logged
   * update is known, so everything that the deletion removes is in it.
   */
  async compact(roomId: string, snapshot: () => RoomSnapshot): Promise<void> {
    await this.flush();
    await retryBusy(async () => {
      const last = await this.db.roomUpdate.findFirst({
        where: { roomId },
        orderBy: { id: "desc" },
        select: { id: true },
      });
      const { state: merged, docEpoch } = snapshot();
      const epoch = this.epochs.get(roomId);
      if (this.lost.has(roomId) || (epoch === undefined && this.claimsRequired))
        throw new StaleOwnerError(`room ${roomId} is owned by another instance now`);
      const stored = await this.db.$transaction([
        this.db.room.updateMany({
          where: epoch === undefined ? { id: roomId } : { id: roomId, ownerEpoch: epoch },
          data: { state: new Uint8Array(merged), docEpoch },
        }),
        this.db.roomUpdate.deleteMany({
          where: { roomId, id: { lte: last?.id ?? 0 }, room: epoch === undefined ? {} : { ownerEpoch: epoch } },
        }),
      ]);
      if (epoch !== undefined && stored[0].count === 0)
        throw new StaleOwnerError(`room ${roomId} is owned by another instance now: its state was not stored`);
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
            `${this.backlog} room updates could not be written (${databaseErrorLine(error)})`,
          );
        this.log(`room updates not written at shutdown (attempt ${attempt} of ${attempts}), retrying`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
