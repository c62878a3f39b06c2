"use client";

import { useCallback, useEffect, useState } from "react";
import type { RoomInfo } from "../../../lib/roomInfo";
import { type Identity, loadIdentity, rememberRoom, saveIdentity } from "../identity";
import { PresenceList } from "./PresenceList";
import { SigmaTicks, SliderRow } from "./SliderRow";
import { SnapshotPanel } from "./SnapshotPanel";
import { useFrames } from "./useFrames";
import { useRoomSync } from "./useRoomSync";

const CONNECTION_TEXT = { connected: "Connected", connecting: "Reconnecting…", offline: "Offline" } as const;

async function download(url: string, filename: string) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`export failed: ${res.status}`);
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await res.blob());
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function RoomEditor({ room }: { room: RoomInfo }) {
  const [identity, setIdentity] = useState<Identity>({ name: "Guest", color: "#667085" });
  useEffect(() => {
    setIdentity(loadIdentity());
    rememberRoom(room);
  }, [room]);
  const sync = useRoomSync(room.id, room.latent, identity);
  const frames = useFrames(room.id);
  const [copied, setCopied] = useState(false);
  const { undo, redo } = sync;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== "z") return;
      if (e.target instanceof HTMLInputElement && e.target.type === "text") return;
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo]);

  const rename = useCallback(
    (name: string) => {
      const next = { ...identity, name };
      saveIdentity(next);
      setIdentity(next);
    },
    [identity],
  );

  const status =
    sync.connection === "offline" && sync.queuedEdits > 0
      ? `Offline — ${sync.queuedEdits} local edit${sync.queuedEdits === 1 ? "" : "s"} queued, merged on return`
      : CONNECTION_TEXT[sync.connection];

  return (
    <main className="room">
      <section>
        <h1 style={{ margin: "4px 0 8px", fontSize: 20 }}>{room.name || "Untitled room"}</h1>
        {frames.url ? (
          // biome-ignore lint/performance/noImgElement: frames are blob URLs of server-rendered JPEGs, nothing for next/image to optimise
          <img
            className="face"
            src={frames.url}
            alt="The room's current face"
            data-seq={frames.seq}
            onLoad={() => frames.shown(frames.seq)}
          />
        ) : (
          <div className="face" role="img" aria-label="Waiting for the first frame" />
        )}
        <p
          className={`status ${sync.connection === "offline" ? "offline" : ""}`}
          role="status"
          data-connection={sync.connection}
        >
          {status}
          {frames.error ? ` — ${frames.error}` : ""} · model {room.modelVersion}
        </p>
        <div className="toolbar">
          <button type="button" onClick={sync.randomize}>
            Randomize
          </button>
          <button type="button" onClick={sync.reset}>
            Reset to mean face
          </button>
          <button type="button" onClick={sync.undo} disabled={!sync.canUndo} aria-keyshortcuts="Control+Z Meta+Z">
            Undo
          </button>
          <button
            type="button"
            onClick={sync.redo}
            disabled={!sync.canRedo}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z"
          >
            Redo
          </button>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => download(`/api/rooms/${room.id}/face.png?scale=1`, "likeness-face.png")}>
            Export PNG
          </button>
          <button
            type="button"
            onClick={() => download(`/api/rooms/${room.id}/face.png?scale=3`, "likeness-face@3x.png")}
          >
            Export PNG 3×
          </button>
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard.writeText(window.location.href);
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? "Link copied" : "Share link"}
          </button>
        </div>
        <PresenceList peers={sync.peers} onRename={rename} />
        <SnapshotPanel roomId={room.id} version={frames.snapshotsVersion} onRestore={sync.restore} />
      </section>
      <section aria-label="Face sliders" className="sliders">
        <SigmaTicks />
        {room.components.map((info) => (
          <SliderRow
            key={info.index}
            info={info}
            value={sync.values[info.index] ?? 0}
            draggedBy={sync.peers.filter((p) => !p.self && p.dragging === info.index)}
            onChange={(v) => sync.setSlider(info.index, v)}
            onGesture={sync.gesture}
          />
        ))}
      </section>
    </main>
  );
}
