"use client";

/**
 * The server's rendering of a morph, asked for once the sliders have rested PREVIEW_MS (not at every step
 * of the morph slider); the last one stays on screen until the next arrives, and its URL is let go a
 * second after it is replaced.
 */
import { useEffect, useState } from "react";
import type { PreviewRequest } from "../../../lib/api/roomApi";
import { apiError } from "../apiError";
import { withKey } from "./roomKey";

/** Previews are asked for at most this often while the morph slider moves. */
const PREVIEW_MS = 150;

/** `base`: the room's API path; `onError`: told why a preview failed. Returns the preview's URL, null until one. */
export function useMorphPreview(base: string, sliders: number[], onError: (message: string) => void): string | null {
  const [preview, setPreview] = useState<string | null>(null);
  const key = sliders.join(",");
  useEffect(() => {
    let live = true;
    let url: string | null = null;
    const timer = setTimeout(() => {
      fetch(withKey(`${base}/preview.jpg`), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sliders: key.split(",").map(Number) } satisfies PreviewRequest),
      })
        .then(async (res) => {
          if (!res.ok) throw new Error(await apiError(res, "No preview"));
          url = URL.createObjectURL(await res.blob());
          if (live) setPreview(url);
        })
        .catch((e: unknown) => live && onError((e as Error).message));
    }, PREVIEW_MS);
    return () => {
      live = false;
      clearTimeout(timer);
      if (url) setTimeout(() => URL.revokeObjectURL(url as string), 1000);
    };
  }, [base, key, onError]);
  return preview;
}
