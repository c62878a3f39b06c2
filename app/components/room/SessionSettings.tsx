"use client";

/** What the witness is offered and sees: the face array, whether it varies background and position, and the blur. */
import { useId } from "react";
import type { RoomSync } from "./roomSync";

/** A yes-or-no setting of the session, on a line of its own. */
function SettingCheck({
  sync,
  setting,
  label,
}: {
  sync: RoomSync;
  setting: "array" | "arrayBackground";
  label: string;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={sync.settings[setting]}
        disabled={!sync.ready}
        onChange={(e) => sync.configure((s) => s.set(setting, e.target.checked))}
      />{" "}
      {label}
    </label>
  );
}

export function SessionSettings({ sync }: { sync: RoomSync }) {
  const blurId = useId();
  return (
    <>
      <SettingCheck sync={sync} setting="array" label="Offer the witness the face array" />
      <SettingCheck sync={sync} setting="arrayBackground" label="Let the array vary background and position" />
      <div className="check">
        <label htmlFor={blurId}>Blur hair, ears and background</label>{" "}
        <select
          id={blurId}
          value={sync.settings.blur}
          disabled={!sync.ready}
          onChange={(e) => sync.configure((s) => s.set("blur", e.target.value))}
        >
          <option value="off">off</option>
          <option value="witness">for the witness</option>
          <option value="everyone">for everyone</option>
        </select>
      </div>
    </>
  );
}
