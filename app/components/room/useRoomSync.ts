"use client";

/**
 * The room's shared sliders over Yjs (y-websocket protocol): values, per-user undo/redo (one drag =
 * one step, never someone else's change), presence through awareness, and the connection state.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { randomSliders } from "../../../lib/faceSpace";
import type { Presence } from "../../../lib/presence";
import { createRng } from "../../../lib/random";
import { readSliders, SLIDERS, sliderKey, sliderStore } from "../../../lib/roomDocument";
import type { Identity } from "../identity";

export type ConnectionState = "connecting" | "connected" | "offline";

export interface Peer extends Required<Pick<Presence, "user">> {
  clientId: number;
  dragging: number | null;
  self: boolean;
}

export interface RoomSync {
  values: Float64Array;
  connection: ConnectionState;
  /** local edits made while offline, to be merged on return */
  queuedEdits: number;
  peers: Peer[];
  canUndo: boolean;
  canRedo: boolean;
  setSlider(component: number, value: number): void;
  /** marks the start or end of a gesture (drag, key press): each gesture is one undo step */
  gesture(dragging: number | null): void;
  randomize(): void;
  /** sets every slider at once (one undo step), e.g. from a snapshot */
  restore(sliders: ArrayLike<number>): void;
  reset(): void;
  undo(): void;
  redo(): void;
}

export function useRoomSync(roomId: string, latent: number, identity: Identity): RoomSync {
  const [values, setValues] = useState<Float64Array>(() => new Float64Array(latent));
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [queuedEdits, setQueuedEdits] = useState(0);
  const [peers, setPeers] = useState<Peer[]>([]);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const ref = useRef<{ doc: Y.Doc; provider: WebsocketProvider; undo: Y.UndoManager; origin: object } | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const origin = { local: true };
    sliderStore(doc);
    const undo = new Y.UndoManager(doc.getArray(SLIDERS), {
      trackedOrigins: new Set([origin]),
      captureTimeout: 3_600_000,
    });
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/yjs`, roomId, doc, { disableBc: true });
    ref.current = { doc, provider, undo, origin };
    let online = false;
    const refreshValues = () => setValues(readSliders(doc, latent));
    const refreshHistory = () => setHistory({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
    doc.on("update", (_u: Uint8Array, from: unknown) => {
      refreshValues();
      if (from === origin && !online) setQueuedEdits((n) => n + 1);
    });
    undo.on("stack-item-added", refreshHistory);
    undo.on("stack-item-popped", refreshHistory);
    provider.on("status", ({ status }: { status: string }) => {
      online = status === "connected";
      setConnection(status === "connected" ? "connected" : status === "connecting" ? "connecting" : "offline");
    });
    provider.on("sync", (synced: boolean) => {
      if (synced) setQueuedEdits(0);
    });
    provider.on("connection-close", () => setConnection("offline"));
    const refreshPeers = () => {
      const list: Peer[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const p = state as Partial<Presence>;
        if (p.user)
          list.push({ clientId, user: p.user, dragging: p.dragging ?? null, self: clientId === doc.clientID });
      });
      setPeers(list.sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name)));
    };
    provider.awareness.on("change", refreshPeers);
    refreshValues();
    return () => {
      provider.awareness.off("change", refreshPeers);
      provider.destroy();
      undo.destroy();
      doc.destroy();
      ref.current = null;
    };
  }, [roomId, latent]);

  useEffect(() => {
    ref.current?.provider.awareness.setLocalStateField("user", identity);
  }, [identity]);

  const write = useCallback((change: (store: ReturnType<typeof sliderStore>) => void) => {
    const r = ref.current;
    if (!r) return;
    const store = sliderStore(r.doc);
    r.doc.transact(() => change(store), r.origin);
  }, []);

  return {
    values,
    connection,
    queuedEdits,
    peers,
    ...history,
    setSlider: (component, value) => write((store) => store.set(sliderKey(component), Math.round(value * 1000) / 1000)),
    gesture: (dragging) => {
      ref.current?.undo.stopCapturing();
      ref.current?.provider.awareness.setLocalStateField("dragging", dragging);
    },
    randomize: () => {
      ref.current?.undo.stopCapturing();
      const s = randomSliders(latent, createRng((Math.random() * 2 ** 32) >>> 0));
      write((store) => {
        s.forEach((v, k) => {
          store.set(sliderKey(k), Math.round(v * 1000) / 1000);
        });
      });
      ref.current?.undo.stopCapturing();
    },
    restore: (sliders) => {
      ref.current?.undo.stopCapturing();
      write((store) => {
        for (let k = 0; k < Math.min(latent, sliders.length); k++) store.set(sliderKey(k), sliders[k] as number);
      });
      ref.current?.undo.stopCapturing();
    },
    reset: () => {
      ref.current?.undo.stopCapturing();
      write((store) => {
        for (let k = 0; k < latent; k++) if (store.has(sliderKey(k))) store.set(sliderKey(k), 0);
      });
      ref.current?.undo.stopCapturing();
    },
    undo: () => {
      ref.current?.undo.stopCapturing();
      ref.current?.undo.undo();
    },
    redo: () => {
      ref.current?.undo.redo();
    },
  };
}
