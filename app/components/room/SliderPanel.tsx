"use client";

/**
 * The editor's face sliders, one row each: who else drags it, its name, and while the witness set-up is
 * open the artist's controls on it (lock, name, the witness's).
 */
import { useMemo } from "react";
import type { ComponentInfo } from "../../../lib/roomInfo";
import { draggersOf } from "./roomPeers";
import type { Peer, RoomSync } from "./roomSync";
import { SliderControls } from "./SliderControls";
import { SigmaTicks, SliderRow } from "./SliderRow";

const NOBODY: readonly Peer[] = [];

interface Props {
  components: ComponentInfo[];
  sync: RoomSync;
  editable: boolean;
  /** the witness set-up is open */
  setUp: boolean;
}

export function SliderPanel({ components, sync, editable, setUp }: Props) {
  const draggers = useMemo(() => draggersOf(sync.peers), [sync.peers]);
  return (
    <section aria-label="Face sliders" className="sliders">
      <SigmaTicks />
      {components.map((info) => (
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
  );
}
