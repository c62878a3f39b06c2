"use client";

import type { ReactNode } from "react";
import type { ComponentInfo } from "../../../lib/roomInfo";
import type { Peer } from "./roomSync";

interface Props {
  /** the input's id */
  htmlFor: string;
  info: ComponentInfo;
  /** the room's name for the component, else the model's label */
  label: string | undefined;
  /** the slider's full name, shown alone in the witness's plain version */
  name: string;
  plain: boolean;
  controls?: ReactNode;
  draggedBy: readonly Peer[];
}

/** A slider's label: its number, name and share of the variance (or the plain name), controls, who drags it. */
export function SliderLabel({ htmlFor, info, label, name, plain, controls, draggedBy }: Props) {
  return (
    <label htmlFor={htmlFor}>
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
  );
}
