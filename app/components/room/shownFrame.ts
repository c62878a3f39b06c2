/**
 * A server frame as the page keeps it: its JPEG as an object URL, let go when the next frame replaces it
 * or the page stops showing frames.
 */
import type { FrameMessage } from "../../../lib/frameProtocol";

export interface ShownFrame {
  url: string;
  seq: number;
  modelVersion: string;
  /** the sliders the frame shows */
  sliders: Float64Array;
}

/** An object URL for JPEG bytes from the server (a frame, a face of the array). */
export const jpegUrl = (jpeg: Uint8Array) =>
  URL.createObjectURL(new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: "image/jpeg" }));

/** The frame a message brings, its JPEG given an object URL. */
export function shownFrame(f: FrameMessage): ShownFrame {
  return {
    url: jpegUrl(f.jpeg),
    seq: f.seq,
    modelVersion: f.modelVersion,
    // binary over socket.io: an ArrayBuffer of float64s
    sliders: new Float64Array(f.sliders as unknown as ArrayBuffer),
  };
}

/** A state update putting `next` in place of the frame before it, whose URL is revoked. */
export const replaceFrame =
  (next: ShownFrame | null) =>
  (old: ShownFrame | null): ShownFrame | null => {
    if (old) URL.revokeObjectURL(old.url);
    return next;
  };
