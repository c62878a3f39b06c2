/**
 * Renders rooms whose sliders changed. Latest state wins: a room is marked dirty, and when the decoder
 * is free every dirty room's current sliders are decoded together in one batch; changes made meanwhile
 * mark the room dirty again, so intermediate states are dropped, never queued.
 */
import { type FaceSpace, slidersToCode } from "../../lib/faceSpace";
import type { DecoderRuntime } from "../model/runtime/decoderRuntime";
import { encodeJpeg } from "./frameEncoder";

export interface RenderSnapshot {
  sliders: Float64Array;
  /** the room document's version these sliders belong to */
  version: number;
  /** the document's Yjs state vector: tells a client which edits a frame includes */
  stateVector?: Uint8Array;
}

export interface RenderTarget {
  readonly id: string;
  /** the current slider values and the document state they belong to */
  snapshot(): RenderSnapshot;
  /** receives the frame's JPEG bytes and the snapshot it shows */
  deliver(jpeg: Buffer, snapshot: RenderSnapshot): void;
}

export interface RenderStats {
  batches: number;
  frames: number;
  lastBatchSize: number;
}

export class RenderScheduler {
  private readonly dirty = new Map<string, RenderTarget>();
  private running: Promise<void> | null = null;
  readonly stats: RenderStats = { batches: 0, frames: 0, lastBatchSize: 0 };

  constructor(
    private readonly runtime: DecoderRuntime,
    private readonly space: FaceSpace,
    private readonly size: { width: number; height: number },
    private readonly maxBatch = 32,
    private readonly onError: (error: unknown) => void = (e) => console.error("render failed", e),
  ) {}

  request(target: RenderTarget): void {
    this.dirty.set(target.id, target);
    this.running ??= this.loop().finally(() => {
      this.running = null;
      if (this.dirty.size > 0) this.request([...this.dirty.values()][0] as RenderTarget);
    });
  }

  /** Resolves when nothing is waiting to be rendered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // let the current burst of changes settle into one render
    await new Promise((resolve) => setImmediate(resolve));
    while (this.dirty.size > 0) {
      const batch = [...this.dirty.values()].slice(0, this.maxBatch);
      for (const t of batch) this.dirty.delete(t.id);
      const latent = this.space.latent;
      const snaps = batch.map((t) => t.snapshot());
      const codes = new Float32Array(batch.length * latent);
      snaps.forEach((s, i) => {
        codes.set(slidersToCode(this.space, s.sliders), i * latent);
      });
      try {
        const images = await this.runtime.decode(codes, batch.length);
        const pixels = this.size.width * this.size.height * 3;
        const jpegs = await Promise.all(
          batch.map((_, i) =>
            encodeJpeg(images.subarray(i * pixels, (i + 1) * pixels), this.size.width, this.size.height),
          ),
        );
        batch.forEach((t, i) => {
          t.deliver(jpegs[i] as Buffer, snaps[i] as RenderSnapshot);
        });
        this.stats.batches++;
        this.stats.frames += batch.length;
        this.stats.lastBatchSize = batch.length;
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
