"use client";

/** The session record of a room: exported as JSON, or printed from its printable page. */
import { withKey } from "./roomKey";

/** Opens the printable record in a new tab and asks the browser to print it once it has loaded. */
function printRecord(url: string) {
  const report = window.open(url, "_blank");
  report?.addEventListener("load", () => report.print());
}

export function SessionRecord({ roomId }: { roomId: string }) {
  return (
    <p>
      <a href={withKey(`/api/rooms/${roomId}/record.json`)} download>
        Export the session record (JSON)
      </a>{" "}
      <button type="button" onClick={() => printRecord(withKey(`/api/rooms/${roomId}/record.html`))}>
        Print the session record
      </button>
    </p>
  );
}
