import { describe, expect, it } from "vitest";
import type { FrameMessage } from "../../../lib/frameProtocol";
import { FrameFanout, type FrameSink } from "../../../server/render/FrameFanout";

const frame = (seq: number): FrameMessage => ({
  roomId: "r",
  seq,
  modelVersion: "m",
  docVersion: seq,
  stateVector: new Uint8Array(),
  sliders: new Float64Array(2),
  jpeg: new Uint8Array([seq]),
});

function sink(): FrameSink & { got: number[] } {
  const got: number[] = [];
  return { got, send: (f) => got.push(f.seq) };
}

describe("frame fan-out", () => {
  it("keeps at most one frame in flight per socket and skips to the newest on ack", () => {
    const fan = new FrameFanout();
    const fast = sink();
    const slow = sink();
    fan.add(fast);
    fan.add(slow);
    for (let seq = 1; seq <= 5; seq++) {
      fan.publish(frame(seq));
      fan.ack(fast, seq);
    }
    expect(fast.got).toEqual([1, 2, 3, 4, 5]);
    // the slow socket got frame 1 and nothing queued behind it
    expect(slow.got).toEqual([1]);
    fan.ack(slow, 1);
    expect(slow.got).toEqual([1, 5]);
  });

  it("sends the current frame at once to a socket that (re)joins", () => {
    const fan = new FrameFanout();
    fan.publish(frame(7));
    const late = sink();
    fan.add(late);
    expect(late.got).toEqual([7]);
  });

  it("ignores acks for frames not in flight and stops sending to removed sockets", () => {
    const fan = new FrameFanout();
    const s = sink();
    fan.add(s);
    fan.publish(frame(1));
    fan.publish(frame(2));
    fan.ack(s, 2);
    expect(s.got).toEqual([1]);
    fan.remove(s);
    fan.ack(s, 1);
    fan.publish(frame(3));
    expect(s.got).toEqual([1]);
  });
});
