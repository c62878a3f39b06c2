"use client";

/**
 * "Start from a photo": a portrait is sent to the server, which fits it with the room's model (its
 * decoder frozen); the sliders become the room's face as one undoable step, and the page says how close
 * the fit came.
 */
import { useRef, useState } from "react";
import type { PhotoFit } from "../../../lib/api/fitApi";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

interface Props {
  roomId: string;
  disabled: boolean;
  onFitted(sliders: number[]): void;
  onNotice(text: string): void;
}

export function PhotoButton({ roomId, disabled, onFitted, onNotice }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const send = async (file: File) => {
    setBusy(true);
    onNotice("Fitting your photo with the room's model…");
    try {
      const form = new FormData();
      form.append("photo", file, file.name);
      const res = await fetch(withKey(`/api/rooms/${roomId}/photo`), { method: "POST", body: form });
      if (!res.ok) throw new Error(await apiError(res, "the photo could not be fitted"));
      const fit = (await res.json()) as PhotoFit;
      onFitted(fit.sliders);
      onNotice(
        `Fitted to your photo: ${fit.psnr.toFixed(1)} dB PSNR (the mean face: ${fit.startPsnr.toFixed(1)} dB). Undo goes back.`,
      );
    } catch (error) {
      onNotice(`Start from a photo: ${(error as Error).message}`);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".jpg,.jpeg,.png,.webp"
        hidden
        aria-label="A photo to start from"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void send(file);
        }}
      />
      <button type="button" disabled={disabled || busy} onClick={() => input.current?.click()}>
        {busy ? "Fitting the photo…" : "Start from a photo"}
      </button>
    </>
  );
}
