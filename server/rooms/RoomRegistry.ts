/**
 * The rooms this process holds, one LiveRoom each: creation with unguessable ids, loading from storage
 * on first join, and unloading rooms nobody uses. What happens in a room's life is the LiveRoom's.
 */
import { randomBytes } from "node:crypto";
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import type { ModelRegistry, Renderer } from "../render/ModelRegistry";
import { LiveRoom, type RoomHooks, type RoomLife } from "./LiveRoom";
import { type DocumentBounds, Room } from "./Room";
import type { RoomStorage, StoredRoom } from "./RoomStorage";

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
  /** several instances: the registry listens here, from its start, for rooms another instance took over */
  onMoved?: (listener: (roomId: string) => void) => void;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly loading = new Map<string, Promise<LiveRoom | undefined>>();
  /** rooms leaving memory: their compaction runs, and a join meanwhile waits for it, then loads */
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly life: RoomLife;
  /** where failures of background work (compaction, unloading) and notices are written */
  private readonly log: (line: string) => void;

  constructor(
    private readonly models: ModelRegistry,
    private readonly store: RoomStorage | null = null,
    private readonly options: RegistryOptions = {},
  ) {
    this.log = options.log ?? ((line: string) => console.error(line));
    this.life = {
      hooks: options.hooks ?? [],
      report: (what, error) => this.report(what, error),
      compactEvery: store ? (options.compactEvery ?? 500) : null,
      idleMs: store ? (options.idleMs ?? 60_000) : null,
      idle: (live) =>
        this.unload(live).catch((error: unknown) => this.report(`room ${live.room.id} not unloaded cleanly`, error)),
    };
    options.onMoved?.((roomId) => this.evict(roomId, "the room moved to another server; reconnecting"));
  }

  private report(what: string, error: unknown): void {
    this.log(`${what}: ${(error as Error).message}`);
  }

  /** The error to refuse one more room with, when the process holds its maximum. */
  private full(): RoomCapacityError | undefined {
    const max = this.options.maxRooms ?? 2000;
    if (this.rooms.size + this.loading.size < max) return undefined;
    return new RoomCapacityError(`the server holds its maximum of ${max} rooms; try again in a minute`);
  }

  async create(name = ""): Promise<LiveRoom> {
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
    const live = this.activate(id, name, new Date(), renderer, null);
    if (this.options.startingFace) {
      live.room.setFace(this.options.startingFace(renderer.model));
      // joiners are sent the durable document: the first face is in it before anyone can join
      await new Promise<void>((resolve) => live.room.relay.afterDurable(live.room.version, resolve));
    }
    return live;
  }

  /** The room in memory, loading it from the database if needed; undefined if it does not exist. */
  open(id: string): Promise<LiveRoom | undefined> {
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
  get(id: string): LiveRoom | undefined {
    return this.rooms.get(id);
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Another instance took the room over: its connections close (their clients reconnect, and reach the
   * new owner) and it leaves memory at once, without storing anything.
   */
  evict(id: string, reason: string): void {
    const live = this.rooms.get(id);
    if (!live) return;
    live.closeConnections(reason);
    this.rooms.delete(id);
    live.closed();
    this.models.release(live.renderer.version);
  }

  private async load(id: string): Promise<LiveRoom | undefined> {
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
    const live = this.activate(
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
    return live;
  }

  /** Puts the room in memory; it holds its use of the renderer's version until it is unloaded. */
  private activate(
    id: string,
    name: string,
    created: Date,
    renderer: Renderer,
    fill: ((room: Room) => void) | null,
    epoch = 0,
  ): LiveRoom {
    const store = this.store;
    const room = new Room(id, renderer.model.manifest.latent, {
      persist: store ? (update) => store.append(id, update) : null,
      store: store ? (snapshot) => store.compact(id, snapshot) : undefined,
      epoch,
      bounds: this.options.documentBounds,
      log: this.log,
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
    const live = new LiveRoom(room, name, created, renderer, this.life);
    this.rooms.set(id, live);
    live.opened();
    return live;
  }

  private async unload(live: LiveRoom): Promise<void> {
    const id = live.room.id;
    if (this.rooms.get(id) !== live || live.inUse) return;
    this.rooms.delete(id);
    const leaving = (async () => {
      try {
        // nobody is connected: a document past its bounds is rewritten before it is stored
        live.room.rewriteIfOver();
        if (this.store) await live.store();
      } finally {
        live.closed();
        this.models.release(live.renderer.version);
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
    const live = this.rooms.get(roomId);
    if (!live) throw new RoomLoadError(`room ${roomId} is not open`);
    const old = live.renderer;
    if (old.version === version) return;
    const renderer = await this.models.acquire(version);
    try {
      await this.store?.setModelVersion(live.room.id, version);
    } catch (error) {
      this.models.release(version);
      throw error;
    }
    live.renderer = renderer;
    this.models.release(old.version);
    live.room.setFace(sliders);
    live.render();
  }

  /**
   * Writes everything pending and closes the rooms (shutdown). Throws UnwrittenUpdatesError when the
   * database refused the last edits.
   */
  async close(): Promise<void> {
    // rooms leaving memory finish their compaction first
    await Promise.all(this.unloading.values());
    try {
      await this.store?.close();
    } finally {
      for (const live of this.rooms.values()) {
        live.closed();
        this.models.release(live.renderer.version);
      }
      this.rooms.clear();
    }
  }
}
