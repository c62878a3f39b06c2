"use client";

/**
 * Holistic scales: sliders that move many components at once along a factor of the training faces
 * (masculine – feminine, face width, skin tone…). A scale's position is where the face sits along it;
 * moving it shifts every unlocked component it touches, one undo step a drag. The artist offers scales
 * to the witness; a model trained without factors has none, and says so.
 */
import { type HolisticScale, moveAlongScale, scalePosition } from "../../../lib/holisticScale";
import type { RoomSync } from "./roomSync";

interface Props {
  scales: HolisticScale[];
  sync: RoomSync;
  disabled: boolean;
  /** the artist's version: each scale's correlation, and whether the witness is offered it */
  artist?: boolean;
  /** the witness's large, plain version */
  plain?: boolean;
}

const fixed = (v: number) => (Math.round(v * 20) / 20).toFixed(2);

export function HolisticScales({ scales, sync, disabled, artist = false, plain = false }: Props) {
  const { settings, values } = sync;
  if (scales.length === 0)
    return plain ? null : (
      <p className="status">
        No holistic scales: this model was trained on portraits without known factors (age, face width…).
      </p>
    );
  const offer = (factor: string, on: boolean) =>
    sync.configure((s) =>
      s.set("scales", on ? [...settings.scales, factor] : settings.scales.filter((f) => f !== factor)),
    );
  return (
    <section className={`scales ${plain ? "plain" : ""}`} aria-label="Holistic scales">
      <h2>{plain ? "Change the whole face" : "Holistic scales"}</h2>
      {scales.map((scale) => {
        const free = scale.direction.flatMap((d, k) => (d !== 0 && !settings.locks.has(k) ? [k] : []));
        const position = scalePosition(values, scale.direction, free);
        return (
          <div className="scale" key={scale.factor}>
            <label htmlFor={`scale-${scale.factor}`}>{scale.label}</label>
            <input
              id={`scale-${scale.factor}`}
              type="range"
              min={-3}
              max={3}
              step={0.05}
              value={Math.max(-3, Math.min(3, position))}
              disabled={disabled || free.length === 0}
              onPointerDown={() => sync.gesture(null)}
              onPointerUp={() => sync.gesture(null)}
              onChange={(e) => sync.setSliders(moveAlongScale(values, scale.direction, free, Number(e.target.value)))}
            />
            {!plain && <output htmlFor={`scale-${scale.factor}`}>{fixed(position)}</output>}
            {artist && (
              <label className="check" title="How closely the training faces' place on the scale follows the factor">
                <input
                  type="checkbox"
                  aria-label={`Offer ${scale.label} to the witness`}
                  checked={settings.scales.includes(scale.factor)}
                  disabled={disabled}
                  onChange={(e) => offer(scale.factor, e.target.checked)}
                />{" "}
                witness · r {scale.r.toFixed(2)}
              </label>
            )}
          </div>
        );
      })}
    </section>
  );
}
