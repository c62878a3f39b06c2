/**
 * Extension points on a room's life, as Hocuspocus names them: a room comes into memory (load), takes a
 * change (change), has its log compacted into its stored state (store), leaves memory (unload). The
 * registry's own work (frames, compaction) runs through them, and so can anything else (an audit log of
 * who changed what, for example) without touching the registry.
 */
import type { RoomEntry } from "./RoomRegistry";

export interface RoomHooks {
  /** the room is in memory: just created, or loaded from storage */
  onLoad?(entry: RoomEntry): void;
  /** a change was accepted: `origin` is the connection it came from (or the server's own) */
  onChange?(entry: RoomEntry, update: Uint8Array, origin: unknown): void;
  /** the room's log was compacted into its stored state */
  onStore?(entry: RoomEntry): void;
  /** the room left memory */
  onUnload?(entry: RoomEntry): void;
}

/** Calls one hook of every set, in order; a hook that throws is reported and the others still run. */
export function callHooks<K extends keyof RoomHooks>(
  hooks: readonly RoomHooks[],
  name: K,
  args: Parameters<NonNullable<RoomHooks[K]>>,
  report: (what: string, error: unknown) => void,
): void {
  for (const h of hooks) {
    const hook = h[name] as ((...a: typeof args) => void) | undefined;
    try {
      hook?.(...args);
    } catch (error) {
      report(`room hook ${name} failed`, error);
    }
  }
}
