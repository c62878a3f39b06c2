"use client";

/** The editor's edits of the whole face: Randomize, the mean face, a photo's fit, undo and redo. */
import { RANDOM_PULL } from "../../../lib/faceSpace";
import { PhotoButton } from "./PhotoButton";
import type { RoomSync } from "./roomSync";

interface Props {
  roomId: string;
  /** the room's sliders, and how many of them Randomize draws */
  latent: number;
  depth: number;
  sync: RoomSync;
  editable: boolean;
  onNotice(text: string): void;
}

export function EditToolbar({ roomId, latent, depth, sync, editable, onNotice }: Props) {
  return (
    <div className="toolbar">
      <button
        type="button"
        onClick={() => void sync.randomize()}
        disabled={!editable}
        title={`A random face: ${
          depth < latent ? `the first ${depth} sliders` : "every slider"
        } drawn from N(0, 1), then pulled ${RANDOM_PULL * 100} % of the way toward the nearest training portrait's face`}
      >
        Randomize
      </button>
      <button type="button" onClick={sync.reset} disabled={!editable}>
        Reset to mean face
      </button>
      <PhotoButton roomId={roomId} disabled={!editable} onFitted={sync.restore} onNotice={onNotice} />
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
  );
}
