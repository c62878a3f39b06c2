/**
 * Every decode of the live server goes through here. Rooms whose sliders changed: latest state wins, a
 * room is marked dirty, and when the decoder is free every dirty room's current sliders are decoded
 * together in one batch; changes made meanwhile mark the room dirty again, so intermediate states are
 * dropped, never queued. Single faces (PNG exports, snapshot thumbnails) ride in the same batches at a
 * lower priority: interactive frames take a batch's places first.
 */
import { type FaceSpace, slidersToCode } from "../../lib/faceSpace";
import type { DecoderRuntime } from "../model/runtime/decoderRuntime";
import { encodeJpeg } from "./frameEncoder";
import { blurredJpeg } from "./innerFace";

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
  /** receives the frame's JPEG bytes and the snapshot it shows (and the blurred variant, when asked for) */
  deliver(jpeg: Buffer, snapshot: RenderSnapshot, blurred?: Buffer): void;
  /** whether the frame is wanted with its external features blurred too (a witness session's setting) */
  blurred?(): boolean;
}

export interface RenderStats {
  batches: number;
  frames: number;
  lastBatchSize: number;
}

interface FaceJob {
  sliders: Float64Array;
  resolve(image: Float32Array): void;
  reject(error: unknown): void;
}

export class RenderScheduler {
  private readonly dirty = new Map<string, RenderTarget>();
  private readonly faces: FaceJob[] = [];
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
    this.start();
  }

  /** One face's image (height × width × 3, 0..1), decoded after the frames waiting with it. */
  face(sliders: Float64Array): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.faces.push({ sliders, resolve, reject });
      this.start();
    });
  }

  private start(): void {
    this.running ??= this.loop().finally(() => {
      this.running = null;
      if (this.dirty.size > 0 || this.faces.length > 0) this.start();
    });
  }

  /** Resolves when nothing is waiting to be rendered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // let the current burst of changes settle into one render
    await new Promise((resolve) => setImmediate(resolve));
    while (this.dirty.size > 0 || this.faces.length > 0) {
      const batch = [...this.dirty.values()].slice(0, this.maxBatch);
      for (const t of batch) this.dirty.delete(t.id);
      const jobs = this.faces.splice(0, this.maxBatch - batch.length);
      const latent = this.space.latent;
      const snaps = batch.map((t) => t.snapshot());
      const rows = [...snaps.map((s) => s.sliders), ...jobs.map((j) => j.sliders)];
      const codes = new Float32Array(rows.length * latent);
      rows.forEach((sliders, i) => {
        codes.set(slidersToCode(this.space, sliders), i * latent);
      });
      const pixels = this.size.width * this.size.height * 3;
      try {
        const images = await this.runtime.decode(codes, rows.length);
        jobs.forEach((j, i) => {
          j.resolve(images.slice((batch.length + i) * pixels, (batch.length + i + 1) * pixels));
        });
        const { width, height } = this.size;
        const jpegs = await Promise.all(
          batch.map((_, i) => encodeJpeg(images.subarray(i * pixels, (i + 1) * pixels), width, height)),
        );
        const blurred = await Promise.all(
          batch.map((t, i) =>
            t.blurred?.() ? blurredJpeg(images.subarray(i * pixels, (i + 1) * pixels), width, height) : undefined,
          ),
        );
        batch.forEach((t, i) => {
          t.deliver(jpegs[i] as Buffer, snaps[i] as RenderSnapshot, blurred[i]);
        });
        this.stats.batches++;
        this.stats.frames += batch.length;
        this.stats.lastBatchSize = rows.length;
      } catch (error) {
        for (const j of jobs) j.reject(error);
        this.onError(error);
      }
    }
  }
}
