"use client";

/**
 * The room's shared sliders over Yjs (y-websocket protocol): values, per-user undo/redo (one drag =
 * one step, never someone else's change), presence through awareness, and the connection state.
 * Slider writes are coalesced (at most one Yjs update per WRITE_INTERVAL_MS) so a fast drag stays far
 * below the server's message rate limit; editing waits for the room's state (an edit made before it
 * arrives could lose against the room's older value).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE_REFUSED, CLOSE_RESET, epochOfReset } from "../../../lib/closeCodes";
import type { Presence } from "../../../lib/presence";
import { KEY_PARAM } from "../../../lib/roles";
import { readSliders, SLIDERS, sliderKey, sliderStore } from "../../../lib/roomDocument";
import { readSessionSettings, type SessionSettings, sessionMap } from "../../../lib/sessionSettings";
import type { Identity } from "../identity";
import { LocalMoves } from "./localMoves";
import { fetchRandomFace } from "./randomFace";
import { type Connection, round, type SliderStore, WRITE_INTERVAL_MS, writePending } from "./roomConnection";
import { roomKey } from "./roomKey";
import type { ConnectionState, Peer, RoomSync } from "./roomSync";

/**
 * `randomDepth`: how many leading sliders Randomize draws (lib/faceSpace randomDepth); the rest go to 0.
 * `epoch`: the room document's epoch as the page was given it (a reset brings the new one).
 */
export function useRoomSync(
  roomId: string,
  latent: number,
  randomDepth: number,
  identity: Identity,
  epoch: number,
): RoomSync {
  const [values, setValues] = useState<Float64Array>(() => new Float64Array(latent));
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [ready, setReady] = useState(false);
  const [closed, setClosed] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [settings, setSettings] = useState<SessionSettings>(() => readSessionSettings(new Y.Doc(), latent));
  // a refused change starts the connection again, from the room's state
  const [generation, setGeneration] = useState(0);
  const [queuedEdits, setQueuedEdits] = useState(0);
  const [peers, setPeers] = useState<Peer[]>([]);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const ref = useRef<Connection | null>(null);
  const drawing = useRef(false);
  const identityRef = useRef(identity);
  identityRef.current = identity;
  const epochRef = useRef(epoch);
  /** this tab's moves the room may lack, carried into the next generation after a reset */
  const carried = useRef<Map<number, number> | null>(null);

  useEffect(() => {
    // a new generation (after a refused change) is a new connection from the room's state
    void generation;
    const doc = new Y.Doc();
    const origin = { local: true };
    // one store for the connection's life: each YKeyValue observes the array until the document ends
    const store = sliderStore(doc);
    const undo = new Y.UndoManager(doc.getArray(SLIDERS), {
      trackedOrigins: new Set([origin]),
      captureTimeout: 3_600_000,
    });
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const key = roomKey();
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/yjs`, roomId, doc, {
      disableBc: true,
      params: { ...(key ? { [KEY_PARAM]: key } : {}), epoch: String(epochRef.current) },
    });
    const moves = new LocalMoves();
    const pending = new Map<number, number>();
    const connection: Connection = { doc, store, provider, undo, origin, pending, timer: null, lastWrite: 0 };
    ref.current = connection;
    provider.awareness.setLocalStateField("user", identityRef.current);
    setReady(false);
    setClosed(null);
    let online = false;
    // the room's values, with this tab's moves not yet written on top
    const refreshValues = () => {
      const values = readSliders(doc, latent);
      for (const [k, v] of pending) values[k] = v;
      setValues(values);
    };
    const refreshHistory = () => setHistory({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
    doc.on("update", (_u: Uint8Array, from: unknown) => {
      refreshValues();
      setSettings(readSessionSettings(doc, latent));
      if (from === origin && !online) setQueuedEdits((n) => n + 1);
    });
    undo.on("stack-item-added", refreshHistory);
    undo.on("stack-item-popped", refreshHistory);
    provider.on("status", ({ status }: { status: string }) => {
      online = status === "connected";
      setConnection(status === "connected" ? "connected" : status === "connecting" ? "connecting" : "offline");
    });
    store.on("change", (changes: Map<string, unknown>, tr: Y.Transaction) => {
      if (tr.origin !== origin && tr.origin !== undo) return;
      for (const key of changes.keys()) moves.note(Number(key.slice(1)), online);
    });
    provider.on("sync", (synced: boolean) => {
      if (!synced) return;
      setReady(true);
      setQueuedEdits(0);
      moves.confirmed();
      // after a reset: this tab's moves the room may not have received, set again on the room's new document
      const carry = carried.current;
      carried.current = null;
      if (carry) {
        for (const [k, v] of carry) pending.set(k, v);
        writePending(connection);
      }
    });
    provider.on("connection-close", () => setConnection("offline"));
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (event?.code === CLOSE_RESET) {
        // the room's document was rewritten (or this tab's is of an older epoch): start again from it
        epochRef.current = epochOfReset(event.reason, epochRef.current);
        carried.current = moves.carry(readSliders(doc, latent), pending);
        setGeneration((g) => g + 1);
        return;
      }
      if (event?.code !== CLOSE_REFUSED) return;
      setRefused(event.reason || "the server refused your last change");
      setGeneration((g) => g + 1);
    });
    provider.on("closed", ({ reason, code }: { code: number; reason: string }) => {
      if (code !== CLOSE_REFUSED && code !== CLOSE_RESET) setClosed(reason || `closed by the server (${code})`);
    });
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
      // the last moves of a drag still waiting for their write go out before the connection closes
      if (ref.current) writePending(ref.current);
      provider.awareness.off("change", refreshPeers);
      provider.destroy();
      undo.destroy();
      doc.destroy();
      ref.current = null;
    };
  }, [roomId, latent, generation]);

  useEffect(() => {
    ref.current?.provider.awareness.setLocalStateField("user", identity);
  }, [identity]);

  const flush = useCallback(() => {
    if (ref.current) writePending(ref.current);
  }, []);

  const setSliders = useCallback(
    (moved: ReadonlyMap<number, number>) => {
      const r = ref.current;
      if (!r) return;
      const rounded = new Map([...moved].map(([k, v]) => [k, round(v)]));
      for (const [k, v] of rounded) r.pending.set(k, v);
      // shown at once (a keyboard or assistive-technology change moves a controlled input only through
      // these values); the document follows within WRITE_INTERVAL_MS
      setValues((shown) => {
        const next = Float64Array.from(shown);
        for (const [k, v] of rounded) next[k] = v;
        return next;
      });
      const wait = r.lastWrite + WRITE_INTERVAL_MS - performance.now();
      if (wait <= 0) flush();
      else r.timer ??= setTimeout(flush, wait);
    },
    [flush],
  );
  const setSlider = useCallback(
    (component: number, value: number) => setSliders(new Map([[component, value]])),
    [setSliders],
  );

  const gesture = useCallback(
    (dragging: number | null, continues = false) => {
      flush();
      if (!continues) ref.current?.undo.stopCapturing();
      ref.current?.provider.awareness.setLocalStateField("dragging", dragging);
    },
    [flush],
  );

  /** One undo step of its own: whatever came before is closed first, and nothing after joins it. */
  const step = useCallback((change: (store: SliderStore) => void) => {
    const r = ref.current;
    if (!r) return;
    writePending(r);
    r.undo.stopCapturing();
    r.doc.transact(() => change(r.store), r.origin);
    r.undo.stopCapturing();
  }, []);

  return {
    values,
    connection,
    ready,
    closed,
    refused,
    settings,
    configure: useCallback((change) => {
      const r = ref.current;
      if (r) r.doc.transact(() => change(sessionMap(r.doc)), "settings");
    }, []),
    queuedEdits,
    peers,
    ...history,
    setSlider,
    setSliders,
    gesture,
    randomize: useCallback(async () => {
      // one face at a time: a second click while the first is on its way is ignored
      if (drawing.current) return;
      drawing.current = true;
      const r = ref.current;
      try {
        const s = await fetchRandomFace(roomId, latent, randomDepth);
        // the connection was replaced meanwhile (another room, or the page closing): the face is not for it
        if (ref.current !== r) return;
        step((store) => {
          s.forEach((v, k) => {
            store.set(sliderKey(k), round(v));
          });
        });
      } finally {
        drawing.current = false;
      }
    }, [roomId, latent, randomDepth, step]),
    restore: useCallback(
      (sliders: ArrayLike<number>, only?: readonly number[]) =>
        step((store) => {
          const all = Array.from({ length: Math.min(latent, sliders.length) }, (_, k) => k);
          for (const k of only ?? all) store.set(sliderKey(k), sliders[k] as number);
        }),
      [latent, step],
    ),
    reset: useCallback(
      () =>
        step((store) => {
          for (let k = 0; k < latent; k++) if (store.has(sliderKey(k))) store.set(sliderKey(k), 0);
        }),
      [latent, step],
    ),
    undo: useCallback(() => {
      flush();
      ref.current?.undo.stopCapturing();
      ref.current?.undo.undo();
    }, [flush]),
    redo: useCallback(() => {
      flush();
      ref.current?.undo.redo();
    }, [flush]),
  };
}
