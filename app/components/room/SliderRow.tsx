"use client";

import { memo, type ReactNode } from "react";
import type { ComponentInfo } from "../../../lib/roomInfo";
import type { Peer } from "./roomSync";
import { SliderLabel } from "./SliderLabel";
import { useSliderGesture } from "./useSliderGesture";

const TICKS = [-3, -2, -1, 0, 1, 2, 3];

interface Props {
  info: ComponentInfo;
  value: number;
  /** editing waits for the room's state */
  disabled: boolean;
  draggedBy: readonly Peer[];
  /** the room's name for the component (the artist's), shown in place of the model's label */
  name?: string;
  /** shown beside the label (the artist's lock, name and witness controls) */
  controls?: ReactNode;
  /** the witness's plain version: no numbers, no variance */
  plain?: boolean;
  onChange(component: number, value: number): void;
  /** a gesture starts on a slider (or ends: null); `continues` keeps it in the undo step before it */
  onGesture(dragging: number | null, continues?: boolean): void;
}

/** One principal component: ±3σ with a tick per σ; remote changes never move a thumb you are holding. */
export const SliderRow = memo(function SliderRow({
  info,
  value,
  disabled,
  draggedBy,
  name: roomName,
  controls,
  plain = false,
  onChange,
  onGesture,
}: Props) {
  const { shown, handlers } = useSliderGesture(info.index, value, onChange, onGesture);
  const id = `slider-${info.index}`;
  const label = roomName ?? info.label;
  const name = plain
    ? (label ?? `Feature ${info.index + 1}`)
    : `Component ${info.index + 1}${label ? `: ${label}` : ""}`;
  return (
    <div className="slider">
      <SliderLabel
        htmlFor={id}
        info={info}
        label={label}
        name={name}
        plain={plain}
        controls={controls}
        draggedBy={draggedBy}
      />
      <input
        id={id}
        type="range"
        min={-3}
        max={3}
        step={0.01}
        list="sigma-ticks"
        aria-label={name}
        aria-valuetext={`${shown.toFixed(2)} standard deviations`}
        value={shown}
        disabled={disabled}
        {...handlers}
      />
      {!plain && <output htmlFor={id}>{shown.toFixed(2)}</output>}
    </div>
  );
});

export function SigmaTicks() {
  return (
    <datalist id="sigma-ticks">
      {TICKS.map((t) => (
        <option key={t} value={t} label={`${t}σ`} />
      ))}
    </datalist>
  );
}
