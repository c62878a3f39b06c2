/**
 * How frames reach one socket.io socket: the blurred variant where the room blurs for the session's role,
 * the sliders and JPEG as binary, uncompressed (a JPEG is compressed already).
 */
import type { Socket } from "socket.io";
import { EVENTS } from "../../lib/frameProtocol";
import { seesBlurred } from "../../lib/sessionSettings";
import type { FrameSink, RoomFrame } from "../render/FrameFanout";
import type { Session } from "../sessions/session";

/** The socket's sink for its session; `drawsLocally` says whether its page draws faces itself now. */
export function frameSink(socket: Socket, session: Session, drawsLocally: () => boolean): FrameSink {
  return {
    get drawsLocally() {
      return drawsLocally();
    },
    send: ({ blurred, ...frame }: RoomFrame) => {
      const jpeg = blurred && seesBlurred(blurred.mode, session.role) ? blurred.jpeg : frame.jpeg;
      socket.compress(false).emit(EVENTS.frame, {
        ...frame,
        sliders: Buffer.from(frame.sliders.buffer, frame.sliders.byteOffset, frame.sliders.byteLength),
        jpeg: Buffer.from(jpeg),
      });
    },
  };
}
