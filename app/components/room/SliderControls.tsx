"use client";

/** The artist's controls on one slider: lock it, show it to the witness, name it for this room. */
import { useEffect, useState } from "react";
import { lockKey, MAX_NAME_LENGTH, nameKey } from "../../../lib/sessionSettings";
import type { RoomSync } from "./roomSync";

export function SliderControls({ component, sync }: { component: number; sync: RoomSync }) {
  const { settings } = sync;
  const locked = settings.locks.has(component);
  const given = settings.witnessSliders.includes(component);
  const saved = settings.names.get(component) ?? "";
  const [name, setName] = useState(saved);
  useEffect(() => setName(saved), [saved]);
  const n = component + 1;
  const commit = () => {
    const value = name.trim().slice(0, MAX_NAME_LENGTH);
    if (value === saved) return;
    sync.configure((s) => (value ? s.set(nameKey(component), value) : s.delete(nameKey(component))));
  };
  return (
    <span className="slider-controls">
      <button
        type="button"
        className={locked ? "locked" : ""}
        aria-pressed={locked}
        aria-label={`${locked ? "Unlock" : "Lock"} slider ${n}`}
        title={locked ? "Locked: only you move it" : "Lock it: the witness cannot move it"}
        onClick={() => sync.configure((s) => (locked ? s.delete(lockKey(component)) : s.set(lockKey(component), true)))}
      >
        {locked ? "Locked" : "Lock"}
      </button>
      <label className="check" title="The witness sees this slider">
        <input
          type="checkbox"
          checked={given}
          aria-label={`Witness sees slider ${n}`}
          onChange={(e) =>
            sync.configure((s) => {
              const next = e.target.checked
                ? [...settings.witnessSliders, component].sort((a, b) => a - b)
                : settings.witnessSliders.filter((k) => k !== component);
              s.set("witnessSliders", next);
            })
          }
        />
        witness
      </label>
      <input
        type="text"
        className="slider-name"
        value={name}
        maxLength={MAX_NAME_LENGTH}
        placeholder="name"
        aria-label={`Name of slider ${n}`}
        onChange={(e) => setName(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
      />
    </span>
  );
}
