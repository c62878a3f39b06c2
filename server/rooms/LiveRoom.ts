/**
 * A room in memory, one object per room: its document (Room), the model version it renders with and
 * its frames, the connections using it, and what its life is due: a frame on every change, compaction
 * of its log every so many changes, leaving memory once nobody has used it for a while. More work on
 * its life (the session record, the cluster's lease) comes in through hooks, the extension points
 * Hocuspocus names: a room comes into memory (load), takes a change (change), has its log compacted
 * into its stored state (store), leaves memory (unload).
 */
import type { FrameFanout } from "../render/FrameFanout";
import type { Renderer } from "../render/ModelRegistry";
import type { Room } from "./Room";
import { roomFrames } from "./roomFrames";

export interface RoomHooks {
  /** the room is in memory: just created, or loaded from storage */
  onLoad?(live: LiveRoom): void;
  /** a change was accepted: `origin` is the connection it came from (or the server's own) */
  onChange?(live: LiveRoom, update: Uint8Array, origin: unknown): void;
  /** the room's log was compacted into its stored state */
  onStore?(live: LiveRoom): void;
  /** the room left memory */
  onUnload?(live: LiveRoom): void;
}

/** What a live room's life follows: set by the registry for all its rooms. */
export interface RoomLife {
  hooks: readonly RoomHooks[];
  /** where failures of background work (compaction, a hook) are reported */
  report(what: string, error: unknown): void;
  /** rooms with a durable log: compacted every this many changes; null: rooms live in memory only */
  compactEvery: number | null;
  /** rooms that leave memory once idle: this long after the last connection left; null: never */
  idleMs: number | null;
  /** the room has had no connection for idleMs */
  idle(live: LiveRoom): void;
}

export class LiveRoom {
  readonly frames: FrameFanout;
  /** asks for a frame of the room's current state */
  readonly render: () => void;
  private readonly stopFrames: () => void;
  /** how to close each connection using the room (when it moves to another instance) */
  private readonly connections = new Set<(reason: string) => void>();
  private idleTimer: NodeJS.Timeout | undefined;
  private changesSinceStored = 0;

  constructor(
    readonly room: Room,
    readonly name: string,
    readonly created: Date,
    /** the model version the room renders with (a switch replaces it), and its scheduler */
    public renderer: Renderer,
    private readonly life: RoomLife,
  ) {
    // frames follow the room's version now: a switch changes what they render with
    ({ frames: this.frames, render: this.render, stop: this.stopFrames } = roomFrames(room, () => this.renderer));
    room.onChange((update, origin) => this.changed(update, origin));
  }

  /** The room is in memory and reachable: its first frame, the hooks told, the idle clock started. */
  opened(): void {
    this.render();
    this.call("onLoad");
    this.whenIdle();
  }

  /** A connection starts using the room: it stays in memory until `leave` (returned) is called. */
  join(close: (reason: string) => void): () => void {
    this.connections.add(close);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    return () => {
      // a connection of an evicted room leaves nothing to count
      if (this.connections.delete(close)) this.whenIdle();
    };
  }

  /** Whether any connection uses the room. */
  get inUse(): boolean {
    return this.connections.size > 0;
  }

  /** Closes every connection (the room moved to another instance); they are gone from it at once. */
  closeConnections(reason: string): void {
    const closing = [...this.connections];
    this.connections.clear();
    for (const close of closing) close(reason);
  }

  /** Compacts the room's log into its stored state. */
  async store(): Promise<void> {
    await this.room.storeState();
    this.call("onStore");
  }

  /** The room leaves memory: hooks told, idle clock stopped, document destroyed. */
  closed(): void {
    clearTimeout(this.idleTimer);
    this.stopFrames();
    this.call("onUnload");
    this.room.destroy();
  }

  private changed(update: Uint8Array, origin: unknown): void {
    this.render();
    if (this.life.compactEvery !== null && ++this.changesSinceStored >= this.life.compactEvery) {
      this.changesSinceStored = 0;
      this.store().catch((error: unknown) =>
        this.life.report(`room ${this.room.id} not compacted (its log stays)`, error),
      );
    }
    this.call("onChange", update, origin);
  }

  private whenIdle(): void {
    const ms = this.life.idleMs;
    if (ms === null || this.inUse) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.life.idle(this), ms);
    this.idleTimer.unref();
  }

  /** Calls one hook of every set, in order; a hook that throws is reported and the others still run. */
  private call(name: "onChange", update: Uint8Array, origin: unknown): void;
  private call(name: "onLoad" | "onStore" | "onUnload"): void;
  private call(name: keyof RoomHooks, ...rest: unknown[]): void {
    for (const hooks of this.life.hooks) {
      const hook = hooks[name] as ((live: LiveRoom, ...a: unknown[]) => void) | undefined;
      try {
        hook?.(this, ...rest);
      } catch (error) {
        this.life.report(`room hook ${name} failed`, error);
      }
    }
  }
}
