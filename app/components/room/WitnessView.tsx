"use client";

/**
 * The witness's page: calm and plain. The face large; the face array when the artist offers it (people
 * recognise a face far better than they describe one); only the sliders the artist gives, with their
 * names and large targets; undo. Works on a phone, a tablet or a desktop.
 */
import type { RoomInfo } from "../../../lib/roomInfo";
import { FaceArrayPanel } from "./FaceArrayPanel";
import { FaceView } from "./FaceView";
import { HolisticScales } from "./HolisticScales";
import type { Peer, RoomSync } from "./roomSync";
import { SliderRow } from "./SliderRow";
import type { FaceArray } from "./useFaceArray";
import type { Frames } from "./useFrames";
import type { LocalFaces } from "./useLocalFaces";

const NOBODY: readonly Peer[] = [];

interface Props {
  room: RoomInfo;
  sync: RoomSync;
  frames: Frames;
  array: FaceArray;
  /** faces drawn on the witness's device while the scales or sliders move (never when blurred for them) */
  local: LocalFaces;
}

export function WitnessView({ room, sync, frames, array, local }: Props) {
  const { settings } = sync;
  const editable = sync.ready && !sync.closed;
  const given = room.components.filter((c) => settings.witnessSliders.includes(c.index));
  const offered = room.scales.filter((s) => settings.scales.includes(s.factor));
  return (
    <main className="witness">
      <section className="witness-face">
        <h1>Help build the face</h1>
        <FaceView frames={frames} local={local} values={sync.values} image={room.image} alt="The face so far" />
        <p className="help">
          Look at the whole face. When faces are offered, choose the one closest to the person you saw — it does not
          need to be exact. Take your time; the artist will guide you.
        </p>
        {sync.refused && <p role="status">{sync.refused}. The face is as the artist left it.</p>}
        {sync.closed && <p role="alert">This session has ended: {sync.closed}</p>}
        <div className="toolbar">
          <button type="button" className="big" onClick={sync.undo} disabled={!editable || !sync.canUndo}>
            Undo my last change
          </button>
        </div>
      </section>
      <section className="witness-tools">
        {settings.array && (
          <FaceArrayPanel array={array} canShow={editable} canPick={editable} values={sync.values} large />
        )}
        {offered.length > 0 && <HolisticScales scales={offered} sync={sync} disabled={!editable} plain />}
        {given.length > 0 && (
          <section aria-label="Adjust the face" className="sliders plain">
            <h2>Adjust the face</h2>
            {given.map((info) => (
              <SliderRow
                key={info.index}
                info={info}
                plain
                name={settings.names.get(info.index)}
                value={sync.values[info.index] ?? 0}
                disabled={!editable || settings.locks.has(info.index)}
                controls={
                  settings.locks.has(info.index) ? <span className="locked-note">held by the artist</span> : undefined
                }
                draggedBy={NOBODY}
                onChange={sync.setSlider}
                onGesture={sync.gesture}
              />
            ))}
          </section>
        )}
      </section>
    </main>
  );
}
