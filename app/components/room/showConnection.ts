"use client";

/**
 * What a room page shows of its connection, kept up to date from a generation's events: the room's
 * values with this tab's unwritten moves on top, the session's settings, the undo history, whether it is
 * online, whether the room's state has arrived, and the edits made offline since the last sync.
 */
import type { Dispatch, SetStateAction } from "react";
import { readSliders } from "../../../lib/roomDocument";
import { readSessionSettings, type SessionSettings } from "../../../lib/sessionSettings";
import type { Connection } from "./roomConnection";
import type { ConnectionState } from "./roomSync";

export interface ConnectionView {
  setValues: Dispatch<SetStateAction<Float64Array>>;
  setSettings: Dispatch<SetStateAction<SessionSettings>>;
  setHistory: Dispatch<SetStateAction<{ canUndo: boolean; canRedo: boolean }>>;
  setConnection: Dispatch<SetStateAction<ConnectionState>>;
  setReady: Dispatch<SetStateAction<boolean>>;
  setQueuedEdits: Dispatch<SetStateAction<number>>;
}

/** Whether a generation's connection is online now (its last status was "connected"). */
export interface Link {
  readonly online: boolean;
}

/** Follows the connection into `view`, showing its values at once; returns its link. */
export function showConnection(connection: Connection, latent: number, view: ConnectionView): Link {
  const { doc, provider, undo, origin, pending } = connection;
  const link = { online: false };
  // the room's values, with this tab's moves not yet written on top
  const refreshValues = () => {
    const values = readSliders(doc, latent);
    for (const [k, v] of pending) values[k] = v;
    view.setValues(values);
  };
  const refreshHistory = () => view.setHistory({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
  doc.on("update", (_u: Uint8Array, from: unknown) => {
    refreshValues();
    view.setSettings(readSessionSettings(doc, latent));
    if (from === origin && !link.online) view.setQueuedEdits((n) => n + 1);
  });
  undo.on("stack-item-added", refreshHistory);
  undo.on("stack-item-popped", refreshHistory);
  provider.on("status", ({ status }: { status: string }) => {
    link.online = status === "connected";
    view.setConnection(status === "connected" ? "connected" : status === "connecting" ? "connecting" : "offline");
  });
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    view.setReady(true);
    view.setQueuedEdits(0);
  });
  provider.on("connection-close", () => view.setConnection("offline"));
  refreshValues();
  return link;
}
