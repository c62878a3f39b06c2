/**
 * Every decode of the live server goes through here. Rooms whose sliders changed: latest state wins, a
 * room is marked dirty, and when the decoder is free every dirty room's current sliders are decoded
 * together in one batch (a room taken into a batch goes to the back of the queue: with K busy rooms each
 * gets about 1/K of the frames); changes made meanwhile mark the room dirty again, so intermediate states
 * are dropped, never queued. Single faces (PNG exports, snapshot thumbnails, face arrays) ride in the same
 * batches at a lower priority: interactive frames take a batch's places first.
 *
 * The decoder hands faces over as bytes; their JPEGs are made on the encoder's worker threads while the
 * next batch decodes (at most one batch waits to be encoded), and frames are delivered in the order of
 * their batches.
 */

import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { type FaceSpace, slidersToCode } from "../../lib/faceSpace";
import type { BlurMode } from "../../lib/sessionSettings";
import { FaceEncoderPool } from "./FaceEncoderPool";
import type { EncodedFace } from "./faceEncoding";

export interface RenderSnapshot {
  sliders: Float64Array;
  /** the room document's version these sliders belong to */
  version: number;
  /** the document's Yjs state vector: tells a client which edits a frame includes */
  stateVector?: Uint8Array;
  /** who sees the face with its external features blurred (a witness session's setting): the frame
   * comes in both variants unless "off" */
  blur?: BlurMode;
}

export interface RenderTarget {
  readonly id: string;
  /** the current slider values and the document state they belong to */
  snapshot(): RenderSnapshot;
  /** receives the frame and the snapshot it shows */
  deliver(face: EncodedFace, snapshot: RenderSnapshot): void;
}

export interface RenderStats {
  batches: number;
  frames: number;
  lastBatchSize: number;
}

interface FaceJob {
  sliders: Float64Array;
  resolve(image: Uint8Array): void;
  reject(error: unknown): void;
}

export interface SchedulerOptions {
  /** the most faces one decode takes (default 32) */
  maxBatch?: number;
  onError?: (error: unknown) => void;
  /** the JPEG encoder's threads (default: a pool of the scheduler's own) */
  encoder?: FaceEncoderPool;
  /** told each decoder call's faces and seconds (the operators' metrics) */
  onDecode?: (faces: number, seconds: number) => void;
}

export class RenderScheduler {
  private readonly dirty = new Map<string, RenderTarget>();
  private readonly faces: FaceJob[] = [];
  private running: Promise<void> | null = null;
  private readonly maxBatch: number;
  private readonly onError: (error: unknown) => void;
  private readonly encoder: FaceEncoderPool;
  private readonly onDecode: (faces: number, seconds: number) => void;
  readonly stats: RenderStats = { batches: 0, frames: 0, lastBatchSize: 0 };

  constructor(
    private readonly runtime: DecoderRuntime,
    private readonly space: FaceSpace,
    private readonly size: { width: number; height: number },
    options: SchedulerOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 32;
    this.onError = options.onError ?? ((e) => console.error("render failed", e));
    this.encoder = options.encoder ?? new FaceEncoderPool();
    this.onDecode = options.onDecode ?? (() => {});
  }

  /** Rooms and faces waiting for a decode. */
  get queued(): number {
    return this.dirty.size + this.faces.length;
  }

  request(target: RenderTarget): void {
    this.dirty.set(target.id, target);
    this.start();
  }

  /** One face as 8-bit RGB (height × width × 3), decoded after the frames waiting with it. */
  face(sliders: Float64Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.faces.push({ sliders, resolve, reject });
      this.start();
    });
  }

  /** One face's JPEG (and its blurred variant when asked), encoded off the event loop. */
  async encoded(sliders: Float64Array, blurred = false): Promise<EncodedFace> {
    const { width, height } = this.size;
    return this.encoder.encode(await this.face(sliders), width, height, blurred);
  }

  private start(): void {
    this.running ??= this.loop().finally(() => {
      this.running = null;
      if (this.dirty.size > 0 || this.faces.length > 0) this.start();
    });
  }

  /** Resolves when nothing is waiting to be rendered or delivered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // let the current burst of changes settle into one render
    await new Promise((resolve) => setImmediate(resolve));
    /** the previous batch's frames: encoding while this batch decodes, delivered before this batch's */
    let delivered: Promise<void> = Promise.resolve();
    for (;;) {
      if (this.dirty.size === 0 && this.faces.length === 0) {
        await delivered;
        if (this.dirty.size === 0 && this.faces.length === 0) return;
      }
      const batch = [...this.dirty.values()].slice(0, this.maxBatch);
      for (const t of batch) this.dirty.delete(t.id);
      const jobs = this.faces.splice(0, this.maxBatch - batch.length);
      const snaps = batch.map((t) => t.snapshot());
      const rows = [...snaps.map((s) => s.sliders), ...jobs.map((j) => j.sliders)];
      const latent = this.space.latent;
      const codes = new Float32Array(rows.length * latent);
      rows.forEach((sliders, i) => {
        codes.set(slidersToCode(this.space, sliders), i * latent);
      });
      const pixels = this.size.width * this.size.height * 3;
      let images: Uint8Array;
      const started = performance.now();
      try {
        images = await this.runtime.decodeBytes(codes, rows.length);
        this.onDecode(rows.length, (performance.now() - started) / 1000);
      } catch (error) {
        for (const j of jobs) j.reject(error);
        this.onError(error);
        continue;
      }
      this.stats.batches++;
      this.stats.lastBatchSize = rows.length;
      const face = (i: number) => images.slice(i * pixels, (i + 1) * pixels);
      jobs.forEach((j, i) => {
        j.resolve(face(batch.length + i));
      });
      const { width, height } = this.size;
      const encoding = Promise.allSettled(
        batch.map((_, i) => this.encoder.encode(face(i), width, height, (snaps[i]?.blur ?? "off") !== "off")),
      );
      // at most one batch waits to be encoded: the previous one is delivered before the next decode
      await delivered;
      // each frame on its own: one that fails (to encode, or in its delivery) costs only itself
      delivered = encoding.then((frames) => {
        frames.forEach((frame, i) => {
          try {
            if (frame.status === "rejected") throw frame.reason;
            (batch[i] as RenderTarget).deliver(frame.value, snaps[i] as RenderSnapshot);
            this.stats.frames++;
          } catch (error) {
            this.onError(error);
          }
        });
      });
    }
  }
}
