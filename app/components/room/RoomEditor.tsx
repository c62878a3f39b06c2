"use client";

/**
 * A room's page: the face and its state, the edits of the whole face, export and sharing, the holistic
 * scales and the face array, the artist's witness set-up, who is here, the snapshots, and the sliders.
 * A witness gets a page of their own (WitnessView).
 */
import { useMemo, useState } from "react";
import { randomDepth } from "../../../lib/faceSpace";
import type { RoomInfo } from "../../../lib/roomInfo";
import { seesBlurred, setUpForWitness } from "../../../lib/sessionSettings";
import { EditToolbar } from "./EditToolbar";
import { FaceArrayPanel } from "./FaceArrayPanel";
import { FaceView } from "./FaceView";
import { HolisticScales } from "./HolisticScales";
import { ModelSwitch } from "./ModelSwitch";
import { PresenceList } from "./PresenceList";
import { RoomStatus } from "./RoomStatus";
import { SessionPanel } from "./SessionPanel";
import { SetupToggle } from "./SetupToggle";
import { ShareToolbar } from "./ShareToolbar";
import { SliderPanel } from "./SliderPanel";
import { SnapshotPanel } from "./SnapshotPanel";
import { useFaceArray } from "./useFaceArray";
import { useFrames } from "./useFrames";
import { useIdentity } from "./useIdentity";
import { useLeaveGuard } from "./useLeaveGuard";
import { useLocalFaces } from "./useLocalFaces";
import { useRoomSync } from "./useRoomSync";
import { useUndoKeys } from "./useUndoKeys";
import { WitnessView } from "./WitnessView";

export function RoomEditor({ room }: { room: RoomInfo }) {
  const { identity, rename } = useIdentity(room);
  const depth = useMemo(() => randomDepth(room.components.map((c) => c.variance)), [room.components]);
  const sync = useRoomSync(room.id, room.latent, depth, identity, room.epoch);
  const frames = useFrames(room.id);
  const local = useLocalFaces(room, sync.values, sync.ready, seesBlurred(sync.settings.blur, room.role), frames.socket);
  // a face this page picked from the array becomes the current face: one undo step
  const array = useFaceArray(frames.socket, (sliders, components) => sync.restore(sliders, components));
  const [notice, setNotice] = useState<string | null>(null);
  /** the artist opened or closed the witness set-up (null: as the room's settings suggest) */
  const [setupChosen, setSetupChosen] = useState<boolean | null>(null);
  useUndoKeys(sync.undo, sync.redo);
  // edits made offline live in this tab until the connection returns: leaving would lose them
  useLeaveGuard(sync.queuedEdits > 0 && sync.connection !== "connected");

  const viewer = room.role === "viewer";
  const artist = room.role === "artist";
  // a plain co-editing room shows sliders, names and presence; the witness set-up opens on demand
  // (open from the start in a room already set up for a witness)
  const setUp = artist && (setupChosen ?? setUpForWitness(sync.settings));
  const editable = sync.ready && !sync.closed && !viewer;
  const canSave = editable && sync.connection === "connected" && sync.queuedEdits === 0;

  if (room.role === "witness")
    return <WitnessView room={room} sync={sync} frames={frames} array={array} local={local} />;
  return (
    <main className="room">
      <section>
        <h1 style={{ margin: "4px 0 8px", fontSize: 20 }}>{room.name || "Untitled room"}</h1>
        <FaceView frames={frames} local={local} values={sync.values} image={room.image} />
        <RoomStatus room={room} sync={sync} frames={frames} local={local} />
        {notice && <p role="alert">{notice}</p>}
        {sync.refused && <p role="status">{sync.refused}; your page shows the room as it is.</p>}
        {viewer && <p className="status">View only: you see the face as it is built.</p>}
        {!viewer && <ModelSwitch room={room} onNotice={setNotice} />}
        <EditToolbar
          roomId={room.id}
          latent={room.latent}
          depth={depth}
          sync={sync}
          editable={editable}
          onNotice={setNotice}
        />
        <ShareToolbar roomId={room.id} viewer={viewer} onNotice={setNotice} />
        {!viewer && <HolisticScales scales={room.scales} sync={sync} disabled={!editable} artist={setUp} />}
        {!viewer && <FaceArrayPanel array={array} canShow={editable} canPick={editable} values={sync.values} />}
        {artist && <SetupToggle open={setUp} onToggle={setSetupChosen} />}
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
      <SliderPanel components={room.components} sync={sync} editable={editable} setUp={setUp} />
    </main>
  );
}
