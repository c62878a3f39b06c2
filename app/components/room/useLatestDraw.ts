"use client";

/**
 * Drawing on the canvas, latest wins: one face in the drawing at a time, and the newest state asked for
 * drawn next (the ones between are skipped). A face drawn by a decoder let go meanwhile is dropped.
 */
import { type RefObject, useCallback, useRef, useState } from "react";
import type { LocalDecoder } from "./localDecoder";

export interface LatestDraw {
  /** the sliders of the face on the canvas; null until one is drawn */
  drawn: Float64Array | null;
  /** faces drawn here so far */
  draws: number;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  /** asks for the face of these sliders, in place of any still waiting */
  draw(target: Float64Array): void;
  /** forgets the face on the canvas (its decoder is gone) */
  clear(): void;
}

export function useLatestDraw(decoderRef: RefObject<LocalDecoder | null>): LatestDraw {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [drawn, setDrawn] = useState<Float64Array | null>(null);
  const [draws, setDraws] = useState(0);
  const wanted = useRef<Float64Array | null>(null);
  const busy = useRef(false);
  const pump = useCallback(() => {
    const decoder = decoderRef.current;
    const target = wanted.current;
    if (busy.current || !decoder || !target) return;
    wanted.current = null;
    busy.current = true;
    // drawn at once; the canvas shows it at the next animation frame, and a face takes longer than a
    // frame to draw, so at most one a frame
    decoder
      .draw(target)
      .then((image) => {
        if (decoderRef.current !== decoder) return;
        canvasRef.current?.getContext("2d")?.putImageData(image, 0, 0);
        setDrawn(target);
        setDraws((n) => n + 1);
      })
      .catch(() => {})
      .finally(() => {
        busy.current = false;
        pump();
      });
  }, [decoderRef]);
  const draw = useCallback(
    (target: Float64Array) => {
      wanted.current = target;
      pump();
    },
    [pump],
  );
  const clear = useCallback(() => setDrawn(null), []);
  return { drawn, draws, canvasRef, draw, clear };
}
