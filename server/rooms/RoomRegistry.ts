/**
 * The rooms this process owns: creation with unguessable ids, loading from storage on first join, every
 * accepted update appended to the durable log, and unloading rooms nobody uses. What else happens in a
 * room's life runs through its hooks (roomHooks.ts): frames on every change, compaction now and then.
 */
import { randomBytes } from "node:crypto";
import type { LoadedModel } from "../model/artifact/modelArtifact";
import type { FrameFanout } from "../render/FrameFanout";
import type { ModelRegistry, Renderer } from "../render/ModelRegistry";
import { roomFrames } from "../render/roomFrames";
import { type DocumentBounds, Room } from "./Room";
import type { RoomStorage, StoredRoom } from "./RoomStorage";
import { callHooks, type RoomHooks } from "./roomHooks";

export interface RoomEntry {
  room: Room;
  name: string;
  created: Date;
  /** the model version the room renders with, and its scheduler */
  renderer: Renderer;
  frames: FrameFanout;
  /** asks for a frame of the room's current state */
  render(): void;
}

/** 128 random bits, URL-safe: a room link is a capability. */
export const newRoomId = () => randomBytes(16).toString("base64url");

export class RoomLoadError extends Error {}
/** The process holds as many rooms as it may; a room can be opened again once idle ones leave memory. */
export class RoomCapacityError extends RoomLoadError {}

export interface RegistryOptions {
  /** unload a room this long after its last connection leaves */
  idleMs?: number;
  /** compact the log into the stored state after this many updates */
  compactEvery?: number;
  /** rooms held in memory at most (default 2,000); creating or loading one more is refused */
  maxRooms?: number;
  /** the sliders a new room starts on in the given model (default: all 0, the mean face) */
  startingFace?: (model: LoadedModel) => ArrayLike<number>;
  /** more hooks on every room's life, after the registry's own */
  hooks?: RoomHooks[];
  /** where failures of background work (compaction, unloading) are reported */
  log?: (line: string) => void;
  /** when a room's document is rewritten from its live values (default DOCUMENT_BOUNDS) */
  documentBounds?: DocumentBounds;
  /**
   * several instances: whether this one may hold the room (it owns it, or has just taken it over); a
   * room another instance owns is never loaded here
   */
  claim?: (roomId: string) => Promise<boolean>;
  /** several instances: whether this one still owns the room (it may have lost it while loading it) */
  owns?: (roomId: string) => boolean;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, RoomEntry>();
  /** how to close each connection using a room (evict) */
  private readonly closers = new Map<string, Set<(reason: string) => void>>();
  private readonly loading = new Map<string, Promise<RoomEntry | undefined>>();
  /** rooms leaving memory: their compaction runs, and a join meanwhile waits for it, then loads */
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly users = new Map<string, number>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly logged = new Map<string, number>();
  private readonly hooks: RoomHooks[];

  constructor(
    private readonly models: ModelRegistry,
    private readonly store: RoomStorage | null = null,
    private readonly options: RegistryOptions = {},
  ) {
    const frames: RoomHooks = { onLoad: (e) => e.render(), onChange: (e) => e.render() };
    // the log is compacted into the stored state every compactEvery changes
    const compaction: RoomHooks = {
      onChange: (e) => {
        const n = (this.logged.get(e.room.id) ?? 0) + 1;
        this.logged.set(e.room.id, n);
        if (n < (options.compactEvery ?? 500)) return;
        this.logged.set(e.room.id, 0);
        this.compact(e).catch((error: unknown) =>
          this.report(`room ${e.room.id} not compacted (its log stays)`, error),
        );
      },
      onUnload: (e) => this.logged.delete(e.room.id),
    };
    this.hooks = [frames, ...(store ? [compaction] : []), ...(options.hooks ?? [])];
  }

  private call<K extends keyof RoomHooks>(name: K, ...args: Parameters<NonNullable<RoomHooks[K]>>): void {
    callHooks(this.hooks, name, args, (what, error) => this.report(what, error));
  }

  private async compact(entry: RoomEntry): Promise<void> {
    await entry.room.storeState();
    this.call("onStore", entry);
  }

  private report(what: string, error: unknown): void {
    (this.options.log ?? ((line: string) => console.error(line)))(
      error === null ? what : `${what}: ${(error as Error).message}`,
    );
  }

  /** The error to refuse one more room with, when the process holds its maximum. */
  private full(): RoomCapacityError | undefined {
    const max = this.options.maxRooms ?? 2000;
    if (this.rooms.size + this.loading.size < max) return undefined;
    return new RoomCapacityError(`the server holds its maximum of ${max} rooms; try again in a minute`);
  }

  async create(name = ""): Promise<RoomEntry> {
    const full = this.full();
    if (full) throw full;
    const id = newRoomId();
    const renderer = await this.models.acquire(this.models.activeVersion);
    try {
      await this.store?.createRoom({ id, name, modelVersion: renderer.version });
    } catch (error) {
      this.models.release(renderer.version);
      this.report("room not created", error);
      throw new RoomLoadError("rooms cannot be created now: the database is unavailable");
    }
    // the instance that creates a room owns it (it is new: nobody else can)
    const claimed = this.options.claim ? await this.options.claim(id).catch(() => false) : true;
    if (!claimed) {
      this.models.release(renderer.version);
      throw new RoomLoadError(`room ${id} could not be taken by this instance`);
    }
    const entry = this.activate(id, name, new Date(), renderer, null);
    if (this.options.startingFace) {
      entry.room.setFace(this.options.startingFace(renderer.model));
      // joiners are sent the durable document: the first face is in it before anyone can join
      await new Promise<void>((resolve) => entry.room.relay.afterDurable(entry.room.version, resolve));
    }
    this.scheduleIdle(id);
    return entry;
  }

  /** The room in memory, loading it from the database if needed; undefined if it does not exist. */
  open(id: string): Promise<RoomEntry | undefined> {
    const live = this.rooms.get(id);
    if (live) return Promise.resolve(live);
    if (!this.store) return Promise.resolve(undefined);
    const leaving = this.unloading.get(id);
    if (leaving) return leaving.then(() => this.open(id));
    let pending = this.loading.get(id);
    if (!pending) {
      const full = this.full();
      if (full) return Promise.reject(full);
      pending = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** In memory only (no database read). */
  get(id: string): RoomEntry | undefined {
    return this.rooms.get(id);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** A connection starts using the room: it stays in memory. `close` ends the connection (evict). */
  retain(id: string, close?: (reason: string) => void): void {
    this.users.set(id, (this.users.get(id) ?? 0) + 1);
    if (close) this.closers.set(id, (this.closers.get(id) ?? new Set()).add(close));
    const timer = this.idleTimers.get(id);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(id);
  }

  /** A connection left: when nobody is left, the room is unloaded after idleMs. */
  release(id: string, close?: (reason: string) => void): void {
    // a connection of an evicted room (its count already gone) leaves nothing to count
    if (close && !this.closers.get(id)?.delete(close)) return;
    const n = (this.users.get(id) ?? 1) - 1;
    if (n > 0) this.users.set(id, n);
    else {
      this.users.delete(id);
      this.scheduleIdle(id);
    }
  }

  private scheduleIdle(id: string): void {
    if (!this.store || (this.users.get(id) ?? 0) > 0) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(id);
      this.unload(id).catch((error: unknown) => this.report(`room ${id} not unloaded cleanly`, error));
    }, this.options.idleMs ?? 60_000);
    timer.unref();
    this.idleTimers.set(id, timer);
  }

  /**
   * Another instance took the room over: its connections close (their clients reconnect, and reach the
   * new owner) and it leaves memory at once, without storing anything.
   */
  evict(id: string, reason: string): void {
    const entry = this.rooms.get(id);
    if (!entry) return;
    for (const close of this.closers.get(id) ?? []) close(reason);
    this.closers.delete(id);
    this.users.delete(id);
    clearTimeout(this.idleTimers.get(id));
    this.idleTimers.delete(id);
    this.rooms.delete(id);
    this.call("onUnload", entry);
    entry.room.destroy();
    this.models.release(entry.renderer.version);
  }

  private async load(id: string): Promise<RoomEntry | undefined> {
    let stored: StoredRoom | null | undefined;
    if (this.options.claim && !(await this.options.claim(id)))
      throw new RoomLoadError(`room ${id} is served by another instance`);
    try {
      stored = await this.store?.loadRoom(id);
    } catch (error) {
      this.report(`room ${id} not read`, error);
      throw new RoomLoadError(`room ${id} could not be read from the database`);
    }
    if (!stored) return undefined;
    const { state, updates } = stored;
    let renderer: Renderer;
    try {
      renderer = await this.models.acquire(stored.modelVersion);
    } catch (error) {
      this.report(`room ${id} cannot render`, error);
      throw new RoomLoadError(`room ${id} uses model ${stored.modelVersion}, which cannot be loaded`);
    }
    const entry = this.activate(
      id,
      stored.name,
      stored.createdAt,
      renderer,
      (room) => {
        try {
          const repairs = room.load([...(state ? [state] : []), ...updates.map((u) => u.update)]);
          if (repairs.length > 0) this.report(`room ${id} repaired on load`, new Error(repairs.join("; ")));
        } catch (error) {
          // a document that failed to load is never stored over the good data in the database
          throw new RoomLoadError(`room ${id} could not be loaded: ${(error as Error).message}`);
        }
      },
      stored.docEpoch,
    );
    // ownership lost while the room loaded (Redis restarted, say): it goes again, and the client retries
    if (this.options.owns && !this.options.owns(id)) {
      this.evict(id, "the room moved to another server");
      throw new RoomLoadError(`room ${id} is served by another instance`);
    }
    this.scheduleIdle(id);
    return entry;
  }

  /** Puts the room in memory; it holds its use of the renderer's version until it is unloaded. */
  private activate(
    id: string,
    name: string,
    created: Date,
    renderer: Renderer,
    fill: ((room: Room) => void) | null,
    epoch = 0,
  ): RoomEntry {
    const store = this.store;
    const room = new Room(id, renderer.model.manifest.latent, {
      persist: store ? (update) => store.append(id, update) : null,
      store: store ? (snapshot) => store.compact(id, snapshot) : undefined,
      epoch,
      bounds: this.options.documentBounds,
      log: (line) => this.report(line, null),
    });
    if (fill) {
      try {
        fill(room);
      } catch (error) {
        room.destroy();
        this.models.release(renderer.version);
        throw error;
      }
    }
    // frames follow the entry's version: a switch of version changes what they render with
    const frames = roomFrames(room, () => entry.renderer);
    const entry: RoomEntry = { room, name, created, renderer, ...frames };
    room.onChange((update, origin) => this.call("onChange", entry, update, origin));
    this.rooms.set(id, entry);
    this.call("onLoad", entry);
    return entry;
  }

  private async unload(id: string): Promise<void> {
    const entry = this.rooms.get(id);
    if (!entry || (this.users.get(id) ?? 0) > 0) return;
    this.rooms.delete(id);
    const leaving = (async () => {
      try {
        // nobody is connected: a document past its bounds is rewritten before it is stored
        entry.room.rewriteIfOver();
        if (this.store) await this.compact(entry);
      } finally {
        this.call("onUnload", entry);
        entry.room.destroy();
        this.models.release(entry.renderer.version);
      }
    })();
    // a failed compaction is reported by the caller; a join waiting on it loads the room all the same
    this.unloading.set(
      id,
      leaving.catch(() => undefined),
    );
    try {
      await leaving;
    } finally {
      this.unloading.delete(id);
    }
  }

  /**
   * Switches a room to another model version: it renders with it from now on (and after a restart), and
   * lets go of the old one. `sliders`: the room's face in the new model (re-projected by the caller).
   */
  async switchModel(roomId: string, version: string, sliders: ArrayLike<number>): Promise<void> {
    // the registry's own entry: callers may hold copies of it (a route's entry carries its session)
    const entry = this.rooms.get(roomId);
    if (!entry) throw new RoomLoadError(`room ${roomId} is not open`);
    const old = entry.renderer;
    if (old.version === version) return;
    const renderer = await this.models.acquire(version);
    try {
      await this.store?.setModelVersion(entry.room.id, version);
    } catch (error) {
      this.models.release(version);
      throw error;
    }
    entry.renderer = renderer;
    this.models.release(old.version);
    entry.room.setFace(sliders);
    entry.render();
  }

  /**
   * Writes everything pending and closes the rooms (shutdown). Throws UnwrittenUpdatesError when the
   * database refused the last edits.
   */
  async close(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    // rooms leaving memory finish their compaction first
    await Promise.all(this.unloading.values());
    try {
      await this.store?.close();
    } finally {
      for (const entry of this.rooms.values()) {
        entry.room.destroy();
        this.models.release(entry.renderer.version);
      }
      this.rooms.clear();
    }
  }
}
