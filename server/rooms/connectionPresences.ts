/**
 * The presences one connection holds in its room's awareness. y-websocket clients echo everyone's presence
 * back: of a client's awareness update only the entries this socket owns are applied, and new ones claimed
 * up to a cap. They leave the room when the socket closes, or when the awareness times them out.
 */
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Room } from "./Room";
import { readAwareness, writeAwareness } from "./yjsProtocol";

export class ConnectionPresences {
  private readonly controlled = new Set<number>();

  /** Follows the room's awareness from now until release(); `max`: the presences the socket may hold. */
  constructor(
    private readonly room: Room,
    private readonly ws: WebSocket,
    private readonly max: number,
  ) {
    room.awareness.on("update", this.onAwareness);
  }

  private readonly onAwareness = ({ added, removed }: { added: number[]; removed: number[] }, origin: unknown) => {
    if (origin === this.ws)
      for (const id of added) {
        this.controlled.add(id);
        this.room.presenceOwners.set(id, this.ws);
      }
    // removed by this socket, or by the awareness timeout (30 s without renewal)
    for (const id of removed) if (this.controlled.delete(id)) this.room.presenceOwners.delete(id);
  };

  /** Applies the entries of a client's awareness update that are this socket's, or that it may claim. */
  apply(update: Uint8Array): void {
    let claimable = this.max - this.controlled.size;
    const own = readAwareness(update).filter((e) => {
      const owner = this.room.presenceOwners.get(e.clientId);
      if (owner === this.ws) return true;
      if (owner !== undefined || claimable <= 0) return false;
      claimable--;
      return true;
    });
    if (own.length > 0) awarenessProtocol.applyAwarenessUpdate(this.room.awareness, writeAwareness(own), this.ws);
  }

  /** The socket closed: its presences leave the room. */
  release(): void {
    this.room.awareness.off("update", this.onAwareness);
    awarenessProtocol.removeAwarenessStates(this.room.awareness, [...this.controlled], null);
    for (const id of this.controlled) this.room.presenceOwners.delete(id);
  }
}
