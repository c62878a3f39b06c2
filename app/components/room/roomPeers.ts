"use client";

/** The people in a room, read from its Yjs awareness (presence): this tab first, then by name. */
import type { Presence } from "../../../lib/presence";
import type { Connection } from "./roomConnection";
import type { Peer } from "./roomSync";

/** The peers among awareness states: those that say who they are, `selfId` (this tab) first, then by name. */
export function peersOf(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const list: Peer[] = [];
  states.forEach((state, clientId) => {
    const p = state as Partial<Presence>;
    if (p.user) list.push({ clientId, user: p.user, dragging: p.dragging ?? null, self: clientId === selfId });
  });
  return list.sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name));
}

/** Hands `onPeers` the room's people at each change of presence; returns the function that stops it. */
export function followPeers(connection: Connection, onPeers: (peers: Peer[]) => void): () => void {
  const { awareness } = connection.provider;
  const refresh = () => onPeers(peersOf(awareness.getStates(), connection.doc.clientID));
  awareness.on("change", refresh);
  return () => awareness.off("change", refresh);
}

/** The other people dragging a slider now, by the slider they drag. */
export function draggersOf(peers: readonly Peer[]): Map<number, Peer[]> {
  const byComponent = new Map<number, Peer[]>();
  for (const p of peers)
    if (!p.self && p.dragging !== null) byComponent.set(p.dragging, [...(byComponent.get(p.dragging) ?? []), p]);
  return byComponent;
}
