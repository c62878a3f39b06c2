"use client";

/**
 * One generation of a room page's connection to its room: the Yjs document, its provider, undo, and the
 * slider writes waiting for their turn (coalesced: at most one Yjs update per WRITE_INTERVAL_MS).
 */
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { sliderKey, type sliderStore } from "../../../lib/roomDocument";

/** Slider writes are sent at most this often (the last value wins); a gesture's end sends at once. */
export const WRITE_INTERVAL_MS = 50;

export type SliderStore = ReturnType<typeof sliderStore>;

export interface Connection {
  doc: Y.Doc;
  store: SliderStore;
  provider: WebsocketProvider;
  undo: Y.UndoManager;
  origin: object;
  /** slider values waiting for the next coalesced write */
  pending: Map<number, number>;
  timer: ReturnType<typeof setTimeout> | null;
  lastWrite: number;
}

/** Writes the slider values waiting for their turn, in one transaction (one Yjs update). */
export function writePending(r: Connection): void {
  if (r.timer) clearTimeout(r.timer);
  r.timer = null;
  if (r.pending.size === 0) return;
  const values = [...r.pending];
  r.pending.clear();
  r.lastWrite = performance.now();
  r.doc.transact(() => {
    for (const [k, v] of values) r.store.set(sliderKey(k), v);
  }, r.origin);
}
