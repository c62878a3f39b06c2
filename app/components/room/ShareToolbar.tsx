"use client";

/**
 * Exporting the face as a PNG (the room's size, or three times it) and sharing the room's plain link: a
 * co-editor's, never this page's own (an artist link gives the artist's role). Viewers export only.
 */
import { useState } from "react";
import { downloadFace } from "./downloadFace";

interface Props {
  roomId: string;
  viewer: boolean;
  /** a failed export, or the link to copy by hand where the clipboard is closed; null clears it */
  onNotice(text: string | null): void;
}

export function ShareToolbar({ roomId, viewer, onNotice }: Props) {
  const [copied, setCopied] = useState(false);
  const exportPng = (scale: number) => {
    onNotice(null);
    downloadFace(
      `/api/rooms/${roomId}/face.png?scale=${scale}`,
      scale === 1 ? "likeness-face.png" : `likeness-face@${scale}x.png`,
    ).catch((error: unknown) => onNotice(`Export failed: ${(error as Error).message}`));
  };
  const share = async () => {
    const link = `${window.location.origin}/rooms/${roomId}`;
    try {
      // the clipboard API exists on https and localhost only
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      onNotice(`Copy this link to share the room: ${link}`);
    }
  };
  return (
    <div className="toolbar">
      <button type="button" onClick={() => exportPng(1)}>
        Export PNG
      </button>
      <button type="button" onClick={() => exportPng(3)}>
        Export PNG 3×
      </button>
      {!viewer && (
        <button type="button" onClick={share} title="The room's plain link: whoever opens it co-edits">
          {copied ? "Link copied" : "Share link"}
        </button>
      )}
    </div>
  );
}
