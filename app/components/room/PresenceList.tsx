"use client";

import type { Peer } from "./roomSync";

export function PresenceList({ peers, onRename }: { peers: Peer[]; onRename(name: string): void }) {
  const selfName = peers.find((p) => p.self)?.user.name ?? "";
  return (
    <section aria-label="People in this room" className="people">
      <ul className="presence">
        {peers.map((p) => (
          <li key={p.clientId} style={{ background: p.user.color }}>
            {p.user.name}
            {p.self ? " (you)" : ""}
          </li>
        ))}
      </ul>
      <label className="status">
        Your name{" "}
        <input
          type="text"
          maxLength={40}
          // shows the name once the presence has arrived, and again after a rename elsewhere
          key={selfName}
          defaultValue={selfName}
          onBlur={(e) => {
            const name = e.target.value.trim();
            if (name) onRename(name);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") (e.target as HTMLInputElement).blur();
          }}
        />
      </label>
    </section>
  );
}
