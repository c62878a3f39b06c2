/**
 * Delivers a room's frames to its sockets with at most one frame in flight per socket: a socket that
 * has not acknowledged its last frame gets only the newest frame once it does, so a slow or stalled
 * client never delays anyone else and never builds a queue.
 */
import type { FrameMessage } from "../../lib/frameProtocol";
import type { BlurMode } from "../../lib/sessionSettings";

/** A frame as the server holds it: with its blurred variant, and who sees it, while the room blurs. */
export type RoomFrame = FrameMessage & { blurred?: { jpeg: Uint8Array; mode: BlurMode } };

export interface FrameSink {
  /** sends the variant its session should see */
  send(frame: RoomFrame): void;
  /** its page draws the room's faces itself: it needs only settled states' frames */
  readonly drawsLocally?: boolean;
}

class SocketFrames {
  inFlight: number | null = null;
  pending: RoomFrame | null = null;

  constructor(readonly sink: FrameSink) {}

  offer(frame: RoomFrame): void {
    if (this.inFlight === null) this.deliver(frame);
    else this.pending = frame;
  }

  ack(seq: number): void {
    if (seq !== this.inFlight) return;
    this.inFlight = null;
    const next = this.pending;
    this.pending = null;
    if (next) this.deliver(next);
  }

  private deliver(frame: RoomFrame): void {
    this.inFlight = frame.seq;
    this.sink.send(frame);
  }
}

export class FrameFanout {
  private latest: RoomFrame | null = null;
  private readonly sockets = new Map<FrameSink, SocketFrames>();

  get current(): RoomFrame | null {
    return this.latest;
  }

  get size(): number {
    return this.sockets.size;
  }

  /** Whether every socket's page draws faces itself (none: false, someone may join wanting frames). */
  get allDrawLocally(): boolean {
    if (this.sockets.size === 0) return false;
    for (const sink of this.sockets.keys()) if (!sink.drawsLocally) return false;
    return true;
  }

  /** A (re)connecting socket gets the current frame at once. */
  add(sink: FrameSink): void {
    const frames = new SocketFrames(sink);
    this.sockets.set(sink, frames);
    if (this.latest) frames.offer(this.latest);
  }

  remove(sink: FrameSink): void {
    this.sockets.delete(sink);
  }

  publish(frame: RoomFrame): void {
    this.latest = frame;
    for (const s of this.sockets.values()) s.offer(frame);
  }

  ack(sink: FrameSink, seq: number): void {
    this.sockets.get(sink)?.ack(seq);
  }
}
