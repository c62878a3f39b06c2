"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { RANDOM_PULL, randomDepth } from "../../../lib/faceSpace";
import type { RoomInfo } from "../../../lib/roomInfo";
import { seesBlurred, setUpForWitness } from "../../../lib/sessionSettings";
import { apiError } from "../apiError";
import { type Identity, loadIdentity, rememberRoom, saveIdentity } from "../identity";
import { FaceArrayPanel } from "./FaceArrayPanel";
import { FaceView, LocalDrawingSwitch } from "./FaceView";
import { HolisticScales } from "./HolisticScales";
import { ModelSwitch } from "./ModelSwitch";
import { PhotoButton } from "./PhotoButton";
import { PresenceList } from "./PresenceList";
import { roomKey, withKey } from "./roomKey";
import type { Peer } from "./roomSync";
import { SessionPanel } from "./SessionPanel";
import { SliderControls } from "./SliderControls";
import { SigmaTicks, SliderRow } from "./SliderRow";
import { SnapshotPanel } from "./SnapshotPanel";
import { useFaceArray } from "./useFaceArray";
import { useFrames } from "./useFrames";
import { useLocalFaces } from "./useLocalFaces";
import { useRoomSync } from "./useRoomSync";
import { WitnessView } from "./WitnessView";

const NOBODY: readonly Peer[] = [];

async function download(url: string, filename: string) {
  const res = await fetch(withKey(url));
  if (!res.ok) throw new Error(await apiError(res, "the server could not render the face"));
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await res.blob());
  a.download = filename;
  a.click();
  // the download reads the blob after click() returns (Safari later than others)
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

export function RoomEditor({ room }: { room: RoomInfo }) {
  const [identity, setIdentity] = useState<Identity>({ name: "Guest", color: "#667085" });
  useEffect(() => {
    setIdentity(loadIdentity());
    rememberRoom({ id: room.id, name: room.name, key: roomKey() ?? undefined });
  }, [room]);
  const depth = useMemo(() => randomDepth(room.components.map((c) => c.variance)), [room.components]);
  const sync = useRoomSync(room.id, room.latent, depth, identity, room.epoch);
  const frames = useFrames(room.id);
  const blurred = seesBlurred(sync.settings.blur, room.role);
  const local = useLocalFaces(room, sync.values, sync.ready, blurred, frames.socket);
  // a face this page picked from the array becomes the current face: one undo step
  const array = useFaceArray(frames.socket, (sliders, components) => sync.restore(sliders, components));
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** the artist opened or closed the witness set-up (null: as the room's settings suggest) */
  const [setupChosen, setSetupChosen] = useState<boolean | null>(null);
  const { undo, redo, queuedEdits, connection } = sync;

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

  // edits made offline live in this tab until the connection returns: leaving would lose them
  const unsaved = queuedEdits > 0 && connection !== "connected";
  useEffect(() => {
    if (!unsaved) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [unsaved]);

  const rename = useCallback(
    (name: string) => {
      const next = { ...identity, name };
      saveIdentity(next);
      setIdentity(next);
    },
    [identity],
  );

  const exportPng = (scale: number) => {
    setNotice(null);
    download(
      `/api/rooms/${room.id}/face.png?scale=${scale}`,
      scale === 1 ? "likeness-face.png" : `likeness-face@${scale}x.png`,
    ).catch((error: unknown) => setNotice(`Export failed: ${(error as Error).message}`));
  };

  const share = async () => {
    // the room's plain link: a co-editor's, never this page's own (an artist link gives the artist's role)
    const link = `${window.location.origin}/rooms/${room.id}`;
    try {
      // the clipboard API exists on https and localhost only
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setNotice(`Copy this link to share the room: ${link}`);
    }
  };

  const draggers = useMemo(() => {
    const byComponent = new Map<number, Peer[]>();
    for (const p of sync.peers)
      if (!p.self && p.dragging !== null) byComponent.set(p.dragging, [...(byComponent.get(p.dragging) ?? []), p]);
    return byComponent;
  }, [sync.peers]);

  const connectionText = {
    connected: "Connected",
    offline: "Offline",
    connecting: sync.ready ? "Reconnecting…" : "Connecting…",
  }[connection];
  const status = sync.closed
    ? `Disconnected: ${sync.closed}`
    : connection === "offline" && queuedEdits > 0
      ? `Offline — ${queuedEdits} local edit${queuedEdits === 1 ? "" : "s"} queued, merged on return`
      : connectionText;
  const modelChanged = frames.modelVersion !== null && frames.modelVersion !== room.modelVersion;
  const viewer = room.role === "viewer";
  const artist = room.role === "artist";
  // a plain co-editing room shows sliders, names and presence; the witness set-up opens on demand
  // (open from the start in a room already set up for a witness)
  const setUp = artist && (setupChosen ?? setUpForWitness(sync.settings));
  const editable = sync.ready && !sync.closed && !viewer;
  const canSave = editable && connection === "connected" && queuedEdits === 0;

  if (room.role === "witness")
    return <WitnessView room={room} sync={sync} frames={frames} array={array} local={local} />;

  return (
    <main className="room">
      <section>
        <h1 style={{ margin: "4px 0 8px", fontSize: 20 }}>{room.name || "Untitled room"}</h1>
        <FaceView frames={frames} local={local} values={sync.values} image={room.image} />
        <p
          className={`status ${connection === "offline" || sync.closed ? "offline" : ""}`}
          role="status"
          data-connection={connection}
          data-ready={sync.ready}
        >
          {status}
          {frames.error ? ` — ${frames.error}` : ""} · model {room.modelVersion}
        </p>
        <LocalDrawingSwitch local={local} allowed={room.localDrawing} />
        {(sync.closed || modelChanged) && (
          <p role="alert" className="status offline">
            {sync.closed
              ? "The server ended this session; reload to join the room again."
              : `The server now renders with model ${frames.modelVersion}; reload for its sliders.`}{" "}
            <button type="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          </p>
        )}
        {notice && <p role="alert">{notice}</p>}
        {sync.refused && <p role="status">{sync.refused}; your page shows the room as it is.</p>}
        {viewer && <p className="status">View only: you see the face as it is built.</p>}
        {!viewer && <ModelSwitch room={room} onNotice={setNotice} />}
        <div className="toolbar">
          <button
            type="button"
            onClick={() => void sync.randomize()}
            disabled={!editable}
            title={`A random face: ${
              depth < room.latent ? `the first ${depth} sliders` : "every slider"
            } drawn from N(0, 1), then pulled ${RANDOM_PULL * 100} % of the way toward the nearest training portrait's face`}
          >
            Randomize
          </button>
          <button type="button" onClick={sync.reset} disabled={!editable}>
            Reset to mean face
          </button>
          <PhotoButton roomId={room.id} disabled={!editable} onFitted={sync.restore} onNotice={setNotice} />
          <button
            type="button"
            onClick={sync.undo}
            disabled={!editable || !sync.canUndo}
            aria-keyshortcuts="Control+Z Meta+Z"
          >
            Undo
          </button>
          <button
            type="button"
            onClick={sync.redo}
            disabled={!editable || !sync.canRedo}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z"
          >
            Redo
          </button>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => exportPng(1)}>
            Export PNG
          </button>
          <button type="button" onClick={() => exportPng(3)}>
            Export PNG 3×
          </button>
          {!viewer && (
            <button type="button" onClick={share} title="The room's plain link: whoever opens it co-edits">
              {copied ? "Link copied" : "Share link"}
            </button>
          )}
        </div>
        {!viewer && <HolisticScales scales={room.scales} sync={sync} disabled={!editable} artist={setUp} />}
        {!viewer && <FaceArrayPanel array={array} canShow={editable} canPick={editable} values={sync.values} />}
        {artist && (
          <button
            type="button"
            className="setup-toggle"
            aria-expanded={setUp}
            aria-controls="witness-setup"
            onClick={() => setSetupChosen(!setUp)}
            title="Locks, names and the witness's sliders on each slider; role links, the face array and the session record"
          >
            {setUp ? "Close the witness set-up" : "Set up a witness session…"}
          </button>
        )}
        {setUp && <SessionPanel roomId={room.id} sync={sync} neutral={room.neutral} />}
        <PresenceList peers={sync.peers} onRename={rename} />
        <SnapshotPanel
          roomId={room.id}
          version={frames.snapshotsVersion}
          canSave={canSave && !viewer}
          canRestore={editable}
          onRestore={sync.restore}
        />
      </section>
      <section aria-label="Face sliders" className="sliders">
        <SigmaTicks />
        {room.components.map((info) => (
          <SliderRow
            key={info.index}
            info={info}
            value={sync.values[info.index] ?? 0}
            disabled={!editable}
            draggedBy={draggers.get(info.index) ?? NOBODY}
            name={sync.settings.names.get(info.index)}
            controls={setUp ? <SliderControls component={info.index} sync={sync} /> : undefined}
            onChange={sync.setSlider}
            onGesture={sync.gesture}
          />
        ))}
      </section>
    </main>
  );
}
