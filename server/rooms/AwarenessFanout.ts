/**
 * Sends a room's presence changes to its connections, coalesced: the changes of one window (50 ms by
 * default) go out as one message to each connection, encoded once. However fast presences change, each
 * connection receives at most 1000 / windowMs presence messages a second: the room's fan-out budget.
 */
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";

export const MESSAGE_AWARENESS = 1;
export const AWARENESS_WINDOW_MS = 50;

type Change = { added: number[]; updated: number[]; removed: number[] };

export class AwarenessFanout {
  private readonly changed = new Set<number>();
  private readonly sinks = new Set<(message: Uint8Array) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly windowMs = AWARENESS_WINDOW_MS,
  ) {
    awareness.on("update", this.onUpdate);
  }

  private readonly onUpdate = ({ added, updated, removed }: Change) => {
    for (const id of [...added, ...updated, ...removed]) this.changed.add(id);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  };

  /** The message announcing these clients' presences (or their removal), as y-websocket reads it. */
  message(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  subscribe(send: (message: Uint8Array) => void): () => void {
    this.sinks.add(send);
    return () => this.sinks.delete(send);
  }

  private flush(): void {
    this.timer = null;
    if (this.changed.size === 0) return;
    const message = this.message([...this.changed]);
    this.changed.clear();
    for (const send of this.sinks) send(message);
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.awareness.off("update", this.onUpdate);
    this.sinks.clear();
  }
}
