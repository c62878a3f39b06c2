import { describe, expect, it } from "vitest";
import { connectionStatus } from "../../../../app/components/room/connectionStatus";

const online = { closed: null, connection: "connected", queuedEdits: 0, ready: true } as const;

describe("the line a room page shows of its connection", () => {
  it("says whether it is connected, and whether it was ever", () => {
    expect(connectionStatus(online)).toBe("Connected");
    expect(connectionStatus({ ...online, connection: "offline" })).toBe("Offline");
    expect(connectionStatus({ ...online, connection: "connecting", ready: false })).toBe("Connecting…");
    expect(connectionStatus({ ...online, connection: "connecting" })).toBe("Reconnecting…");
  });

  it("counts the edits queued offline", () => {
    expect(connectionStatus({ ...online, connection: "offline", queuedEdits: 1 })).toBe(
      "Offline — 1 local edit queued, merged on return",
    );
    expect(connectionStatus({ ...online, connection: "offline", queuedEdits: 3 })).toBe(
      "Offline — 3 local edits queued, merged on return",
    );
  });

  it("says why the server ended the session, before anything else", () => {
    expect(connectionStatus({ ...online, connection: "offline", queuedEdits: 2, closed: "message too large" })).toBe(
      "Disconnected: message too large",
    );
  });
});
