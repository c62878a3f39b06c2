"use client";

import { memo, type ReactNode, useRef, useState } from "react";
import type { ComponentInfo } from "../../../lib/roomInfo";
import type { Peer } from "./roomSync";

const TICKS = [-3, -2, -1, 0, 1, 2, 3];
/** Keys that move a range input: a press (and its auto-repeats) is one gesture. */
const VALUE_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);
/** Key presses on one slider with no pause longer than this are one undo step, as one drag is. */
const KEY_BURST_MS = 500;

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
  const [held, setHeld] = useState<number | null>(null);
  const holding = useRef(false);
  const lastKeyUp = useRef(Number.NEGATIVE_INFINITY);
  const shown = held ?? value;
  const id = `slider-${info.index}`;
  const label = roomName ?? info.label;
  const name = plain
    ? (label ?? `Feature ${info.index + 1}`)
    : `Component ${info.index + 1}${label ? `: ${label}` : ""}`;
  // a drag ends with the pointer's release, or when the browser takes the pointer (a touch turning
  // into a scroll): either way the thumb follows the room again and the others stop seeing you drag
  const release = () => {
    if (!holding.current) return;
    holding.current = false;
    setHeld(null);
    onGesture(null);
  };
  return (
    <div className="slider">
      <label htmlFor={id}>
        {plain ? (
          <span>{name}</span>
        ) : (
          <span>
            <b>{info.index + 1}</b> {label ?? ""}{" "}
            <span title="share of the variance">{(info.variance * 100).toFixed(1)}%</span>
          </span>
        )}
        {controls}
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
        disabled={disabled}
        onPointerDown={() => {
          holding.current = true;
          setHeld(value);
          onGesture(info.index);
        }}
        onPointerUp={release}
        onPointerCancel={release}
        onLostPointerCapture={release}
        onKeyDown={(e) => {
          if (VALUE_KEYS.has(e.key) && !e.repeat)
            onGesture(info.index, performance.now() - lastKeyUp.current < KEY_BURST_MS);
        }}
        onKeyUp={(e) => {
          if (!VALUE_KEYS.has(e.key)) return;
          lastKeyUp.current = performance.now();
          // the burst's undo step stays open: a press within KEY_BURST_MS joins it
          onGesture(null, true);
        }}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (held !== null) setHeld(v);
          onChange(info.index, v);
        }}
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
