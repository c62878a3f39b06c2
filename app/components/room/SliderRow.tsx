"use client";

import { memo, useState } from "react";
import type { ComponentInfo } from "../../../lib/roomInfo";
import type { Peer } from "./useRoomSync";

const TICKS = [-3, -2, -1, 0, 1, 2, 3];

interface Props {
  info: ComponentInfo;
  value: number;
  draggedBy: Peer[];
  onChange(value: number): void;
  onGesture(dragging: number | null): void;
}

/** One principal component: ±3σ with a tick per σ; remote changes never move a thumb you are holding. */
export const SliderRow = memo(function SliderRow({ info, value, draggedBy, onChange, onGesture }: Props) {
  const [held, setHeld] = useState<number | null>(null);
  const shown = held ?? value;
  const id = `slider-${info.index}`;
  const name = `Component ${info.index + 1}${info.label ? `: ${info.label}` : ""}`;
  return (
    <div className="slider">
      <label htmlFor={id}>
        <span>
          <b>{info.index + 1}</b> {info.label ?? ""}{" "}
          <span title="share of the variance">{(info.variance * 100).toFixed(1)}%</span>
        </span>
        {draggedBy.map((p) => (
          <span key={p.clientId} className="dragger" style={{ background: p.user.color }}>
            {p.user.name}
          </span>
        ))}
      </label>
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
        onPointerDown={() => {
          setHeld(value);
          onGesture(info.index);
        }}
        onPointerUp={() => {
          setHeld(null);
          onGesture(null);
        }}
        onKeyDown={() => onGesture(null)}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (held !== null) setHeld(v);
          onChange(v);
        }}
      />
      <output htmlFor={id}>{shown.toFixed(2)}</output>
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
