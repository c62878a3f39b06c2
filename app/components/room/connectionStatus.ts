/** The line a room page shows of its connection: why the session ended, the edits queued offline, or its state. */
import type { RoomSync } from "./roomSync";

export function connectionStatus({
  closed,
  connection,
  queuedEdits,
  ready,
}: Pick<RoomSync, "closed" | "connection" | "queuedEdits" | "ready">): string {
  if (closed) return `Disconnected: ${closed}`;
  if (connection === "offline" && queuedEdits > 0)
    return `Offline — ${queuedEdits} local edit${queuedEdits === 1 ? "" : "s"} queued, merged on return`;
  return {
    connected: "Connected",
    offline: "Offline",
    // before the room's state first arrived, the page has never been connected
    connecting: ready ? "Reconnecting…" : "Connecting…",
  }[connection];
}
