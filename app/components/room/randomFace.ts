/**
 * Randomize's sliders: the server draws them (GET /api/rooms/:id/random-face: the leading sliders from
 * N(0, 1), pulled toward the nearest training code, which only the server holds). Offline, or when the
 * server refuses or takes longer than FETCH_TIMEOUT_MS, the face is drawn here without the pull.
 */
import { randomFaceSchema } from "../../../lib/api/roomApi";
import { randomSliders } from "../../../lib/faceSpace";
import { createRng } from "../../../lib/random";
import { withKey } from "./roomKey";

const FETCH_TIMEOUT_MS = 3000;

export async function fetchRandomFace(roomId: string, latent: number, depth: number): Promise<Float64Array> {
  try {
    const res = await fetch(withKey(`/api/rooms/${encodeURIComponent(roomId)}/random-face`), {
      cache: "no-store",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (res.ok) {
      const body = randomFaceSchema.safeParse(await res.json());
      if (body.success && body.data.sliders.length === latent) return Float64Array.from(body.data.sliders);
    }
  } catch {
    // offline or too slow: drawn here
  }
  return randomSliders(latent, createRng((Math.random() * 2 ** 32) >>> 0), { depth });
}
