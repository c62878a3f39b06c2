"use client";

/**
 * Offers to switch the room to the model version new rooms use: the server re-projects the face into it
 * (fits the new decoder to the face as it looks now) and says how close it came; the page then reloads
 * with the new version's sliders.
 */
import { useState } from "react";
import type { ModelSwitched, SwitchModelRequest } from "../../../lib/api/fitApi";
import type { RoomInfo } from "../../../lib/roomInfo";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

export function ModelSwitch({ room, onNotice }: { room: RoomInfo; onNotice(text: string): void }) {
  const [busy, setBusy] = useState(false);
  if (room.modelVersion === room.activeModelVersion) return null;
  const target = room.activeModelVersion;
  const change = async () => {
    setBusy(true);
    onNotice(`Re-projecting the face into model ${target}…`);
    try {
      const res = await fetch(withKey(`/api/rooms/${room.id}/model`), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ version: target } satisfies SwitchModelRequest),
      });
      if (!res.ok) throw new Error(await apiError(res, "the room could not be switched"));
      const { psnr } = (await res.json()) as ModelSwitched;
      onNotice(`Switched to model ${target}: the face came across at ${psnr.toFixed(1)} dB PSNR. Reloading…`);
      setTimeout(() => window.location.reload(), 1500);
    } catch (error) {
      onNotice(`Switching the model: ${(error as Error).message}`);
      setBusy(false);
    }
  };
  return (
    <p className="status">
      This room renders with model {room.modelVersion}; new rooms use {target}.{" "}
      <button type="button" disabled={busy} onClick={() => void change()}>
        Switch to {target}
      </button>
    </p>
  );
}
