"use client";

/**
 * The editor's lines about the room itself: its connection and model version (and the frames' last
 * error), whether this device draws faces, and, once the server ended the session or changed the model,
 * why the page needs a reload.
 */
import type { RoomInfo } from "../../../lib/roomInfo";
import { connectionStatus } from "./connectionStatus";
import { LocalDrawingSwitch } from "./FaceView";
import type { RoomSync } from "./roomSync";
import type { Frames } from "./useFrames";
import type { LocalFaces } from "./useLocalFaces";

interface Props {
  room: RoomInfo;
  sync: RoomSync;
  frames: Frames;
  local: LocalFaces;
}

export function RoomStatus({ room, sync, frames, local }: Props) {
  return (
    <>
      <p
        className={`status ${sync.connection === "offline" || sync.closed ? "offline" : ""}`}
        role="status"
        data-connection={sync.connection}
        data-ready={sync.ready}
      >
        {connectionStatus(sync)}
        {frames.error ? ` — ${frames.error}` : ""} · model {room.modelVersion}
      </p>
      <LocalDrawingSwitch local={local} allowed={room.localDrawing} />
      <ReloadAlert closed={sync.closed} frames={frames} model={room.modelVersion} />
    </>
  );
}

/** Why the page needs a reload: the server ended the session, or renders with another model now. */
function ReloadAlert({ closed, frames, model }: { closed: string | null; frames: Frames; model: string }) {
  const modelChanged = frames.modelVersion !== null && frames.modelVersion !== model;
  if (!closed && !modelChanged) return null;
  return (
    <p role="alert" className="status offline">
      {closed
        ? "The server ended this session; reload to join the room again."
        : `The server now renders with model ${frames.modelVersion}; reload for its sliders.`}{" "}
      <button type="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </p>
  );
}
