"use client";

/**
 * A generation's connection opened and closed: a new Yjs document with its slider store and undo, and the
 * provider that joins the room's websocket with the link's key and the document's epoch.
 */
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { KEY_PARAM } from "../../../lib/roles";
import { SLIDERS, sliderStore } from "../../../lib/roomDocument";
import { type Connection, writePending } from "./roomConnection";
import { roomKey } from "./roomKey";

/** Opens a connection to the room from an empty document of the given epoch. */
export function openConnection(roomId: string, epoch: number): Connection {
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
    params: { ...(key ? { [KEY_PARAM]: key } : {}), epoch: String(epoch) },
  });
  return { doc, store, provider, undo, origin, pending: new Map(), timer: null, lastWrite: 0 };
}

/** Closes a connection: the last moves of a drag still waiting for their write go out first. */
export function closeConnection(connection: Connection): void {
  writePending(connection);
  connection.provider.destroy();
  connection.undo.destroy();
  connection.doc.destroy();
}
