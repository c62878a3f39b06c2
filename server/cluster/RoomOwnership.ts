/**
 * One owner per room across instances. The owner holds the room's document, validates and stores its
 * updates and renders its frames; every other instance forwards that room's requests and connections to
 * it (forwardToOwner.ts). Ownership is a lease in Redis (likeness:room:<id>:owner = "<instance> <url>",
 * expiring after ttlMs unless its holder renews it) and an epoch in the database: each new owner
 * increments Room.ownerEpoch, and the store writes only while that epoch is still its own (fencing: a
 * stale owner's late write is refused even if Redis lost the lease or two instances briefly disagree).
 */
import type { Redis } from "ioredis";

export type Whereabouts = { self: true } | { self: false; url: string; instance: string };

/** What ownership needs from the database: a new epoch for a room it takes, and to forget one it lost. */
export interface OwnedStore {
  /** increments the room's owner epoch and writes with it from now on; false when there is no such room */
  claim(roomId: string): Promise<boolean>;
  /** stops writing the room (its queued updates are dropped: the new owner has them from its clients) */
  forget(roomId: string): void;
}

export interface RoomOwnershipOptions {
  redis: Redis;
  /** this instance: a unique name, and the URL other instances forward to */
  instance: string;
  url: string;
  store: OwnedStore;
  /** the lease lives this long unless renewed (default 3 s); it is renewed every ttlMs / 3 */
  ttlMs?: number;
  /** the room was taken from this instance (or Redis could not say it is still ours): drop it at once */
  onLost(roomId: string): void;
  log(line: string): void;
}

const ownerKey = (roomId: string) => `likeness:room:${roomId}:owner`;

/** Renews the leases this instance holds, in one round trip; returns 1 or 0 for each. */
const RENEW = `local kept = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then kept[i] = redis.call('PEXPIRE', key, ARGV[2]) else kept[i] = 0 end
end
return kept`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export class RoomOwnership {
  /** rooms this instance owns, and when their lease was last renewed */
  private readonly held = new Map<string, number>();
  private readonly claiming = new Map<string, Promise<Whereabouts>>();
  private readonly timer: NodeJS.Timeout;
  private readonly value: string;
  private readonly ttlMs: number;

  constructor(private readonly o: RoomOwnershipOptions) {
    this.value = `${o.instance} ${o.url}`;
    this.ttlMs = o.ttlMs ?? 3000;
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  get rooms(): string[] {
    return [...this.held.keys()];
  }

  owns(roomId: string): boolean {
    return this.held.has(roomId);
  }

  /** Who serves the room: this instance when it holds the lease or takes it now (the room was free). */
  whoServes(roomId: string): Promise<Whereabouts> {
    if (this.held.has(roomId)) return Promise.resolve({ self: true });
    let pending = this.claiming.get(roomId);
    if (!pending) {
      pending = this.take(roomId).finally(() => this.claiming.delete(roomId));
      this.claiming.set(roomId, pending);
    }
    return pending;
  }

  private async take(roomId: string): Promise<Whereabouts> {
    const key = ownerKey(roomId);
    const setAt = Date.now();
    const taken = await this.o.redis.set(key, this.value, "PX", this.ttlMs, "NX");
    if (taken !== "OK") {
      const holder = await this.o.redis.get(key);
      // it expired between the two calls: try again
      if (holder === null) return this.take(roomId);
      // ours but not held (a lease being given back): not owned until claimed again, below
      if (holder !== this.value) {
        const [instance = "", url = ""] = holder.split(" ");
        return { self: false, instance, url };
      }
    }
    try {
      if (!(await this.o.store.claim(roomId))) {
        // no such room: nothing to own (the request gets its 404 here)
        await this.o.redis.eval(RELEASE, 1, key, this.value);
        return { self: true };
      }
    } catch (error) {
      await this.o.redis.eval(RELEASE, 1, key, this.value).catch(() => {});
      throw error;
    }
    // the claim took time: the lease must still be ours, or another instance owns the room now
    const kept = (await this.o.redis.eval(RENEW, 1, key, this.value, this.ttlMs)) as number[];
    if (kept[0] !== 1) {
      this.o.store.forget(roomId);
      return this.take(roomId);
    }
    this.held.set(roomId, setAt);
    this.o.log(`room ${roomId}: owned here`);
    return { self: true };
  }

  /** The room left this instance's memory: its lease is given back for the next instance to take. */
  async release(roomId: string): Promise<void> {
    if (!this.held.delete(roomId)) return;
    this.o.store.forget(roomId);
    await this.o.redis.eval(RELEASE, 1, ownerKey(roomId), this.value).catch(() => {});
  }

  private async renew(): Promise<void> {
    const rooms = [...this.held.keys()];
    if (rooms.length === 0) return;
    const now = Date.now();
    try {
      const kept = (await this.o.redis.eval(
        RENEW,
        rooms.length,
        ...rooms.map(ownerKey),
        this.value,
        this.ttlMs,
      )) as number[];
      rooms.forEach((roomId, i) => {
        // a room released or lost while the script ran stays so
        if (!this.held.has(roomId)) return;
        if (kept[i] === 1) this.held.set(roomId, now);
        else this.lose(roomId, "its lease went to another instance");
      });
    } catch (error) {
      // Redis cannot say the rooms are still ours: past the lease's life, another instance may own them
      for (const roomId of rooms)
        if (now - (this.held.get(roomId) ?? 0) >= this.ttlMs)
          this.lose(roomId, `its lease could not be renewed (${(error as Error).message})`);
    }
  }

  /** The room is no longer this instance's (its lease went elsewhere, or the store refused its writes). */
  lose(roomId: string, why: string): void {
    if (!this.held.delete(roomId)) return;
    this.o.log(`room ${roomId}: no longer owned here, ${why}`);
    this.o.store.forget(roomId);
    this.o.onLost(roomId);
    // a lease of ours still in Redis (the store refused the writes first) goes back too
    void this.o.redis.eval(RELEASE, 1, ownerKey(roomId), this.value).catch(() => {});
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Gives back every lease (a clean stop): the rooms move at once instead of after the lease's life. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((roomId) => this.release(roomId)));
  }
}
