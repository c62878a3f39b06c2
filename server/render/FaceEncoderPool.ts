/**
 * Encodes decoded faces (faceEncoding.ts: JPEG, and the blurred variant) on worker threads, so neither
 * sharp's per-image set-up nor the blur's pixel loops run on the event loop. A task goes to the worker
 * with the fewest in flight; the face's bytes move to it (no copy). A worker that fails fails only its
 * own tasks and is replaced on the next one. Workers start on first use and keep the process alive only
 * while they have work.
 */
import { availableParallelism } from "node:os";
import { WorkerChannel } from "../../facemodel/runtime/workerChannel";
import { siblingModule } from "../../facemodel/runtime/workerSource";
import type { EncodeTask } from "./faceEncoderWorker";
import type { EncodedFace } from "./faceEncoding";

type Encoder = WorkerChannel<EncodeTask, EncodedFace>;

/** A buffer that arrived from a worker as a plain Uint8Array, as a Buffer again (no copy). */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Workers: half the cores, at least 1, at most 4. */
const THREADS = Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));

export class FaceEncoderPool {
  private threads: Encoder[] = [];
  private closed = false;

  /** Encodes one face; `bytes` (H × W × 3) is moved to the worker: pass a buffer of its own, unused after. */
  async encode(bytes: Uint8Array, width: number, height: number, blur: boolean): Promise<EncodedFace> {
    if (this.closed) throw new Error("the face encoder is closed");
    const face = await this.pick().request({ bytes, width, height, blur }, [bytes.buffer as ArrayBuffer]);
    return { jpeg: asBuffer(face.jpeg), blurred: face.blurred && asBuffer(face.blurred) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((t) => t.close()));
  }

  /** The thread with the fewest in flight; a failed one is replaced. */
  private pick(): Encoder {
    this.threads = this.threads.filter((t) => !t.failed);
    if (this.threads.length < THREADS) {
      const thread: Encoder = new WorkerChannel(siblingModule("faceEncoderWorker", import.meta.url), "face encoder");
      this.threads.push(thread);
      return thread;
    }
    return this.threads.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
  }
}
