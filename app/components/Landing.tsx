"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import type { CreatedRoom, CreateRoomRequest } from "../../lib/api/roomApi";
import { KEY_PARAM } from "../../lib/roles";
import { apiError } from "./apiError";
import { type RecentRoom, recentRooms } from "./identity";

export function Landing() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recent, setRecent] = useState<RecentRoom[]>([]);
  useEffect(() => setRecent(recentRooms()), []);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/rooms", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify((name.trim() ? { name: name.trim() } : {}) satisfies CreateRoomRequest),
      });
      if (!res.ok) throw new Error(await apiError(res, "the server refused"));
      const room = (await res.json()) as CreatedRoom;
      // the creator opens the room with its artist link
      router.push(`/rooms/${room.id}?${KEY_PARAM}=${room.key}`);
    } catch (e) {
      setError(`Could not create a room: ${(e as Error).message}`);
      setBusy(false);
    }
  }

  return (
    <main className="landing">
      <h1>Likeness</h1>
      <p>Build a face together. Share the room link; everyone moves the same sliders and sees the same face.</p>
      <form onSubmit={create} className="toolbar">
        <label htmlFor="room-name" className="status">
          Room name (optional)
        </label>
        <input
          id="room-name"
          type="text"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Witness session 12"
        />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create a room"}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {recent.length > 0 && (
        <section>
          <h2>Your recent rooms</h2>
          <ul>
            {recent.map((r) => (
              <li key={r.id}>
                <a href={`/rooms/${r.id}${r.key ? `?${KEY_PARAM}=${r.key}` : ""}`}>{r.name || "Untitled room"}</a>{" "}
                <span className="status">{new Date(r.visited).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
