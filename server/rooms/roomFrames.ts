/**
 * A room's frames: renders its current sliders through its model version's scheduler and publishes each frame to
 * the room's sockets once the edits it shows are durable.
 */
import * as Y from "yjs";
import { readBlur } from "../../lib/sessionSettings";
import { FrameFanout, type RoomFrame } from "../render/FrameFanout";
import type { Renderer } from "../render/ModelRegistry";
import type { RenderTarget } from "../render/RenderScheduler";
import type { Room } from "./Room";

/**
 * While every page in the room draws its faces itself, the server draws a state only once it has been
 * still this long (a drag's states are drawn where it happens; the server's frame confirms where it ends).
 */
export const SETTLE_MS = 150;

/**
 * `renderer()`: the room's model version now (a room can be switched to another). `render()` asks for a
 * frame of the current state: at once, or once the state settles while every page draws faces itself.
 */
export function roomFrames(
  room: Room,
  renderer: () => Renderer,
): { frames: FrameFanout; render(): void; stop(): void } {
  const frames = new FrameFanout();
  let seq = 0;
  let settling: NodeJS.Timeout | undefined;
  const target: RenderTarget = {
    id: room.id,
    snapshot: () => {
      // a witness session may blur the external features: the frame comes in both variants then
      const blur = readBlur(room.doc);
      const stateVector = Y.encodeStateVector(room.doc);
      return { sliders: room.sliders(), version: room.version, stateVector, blur };
    },
    deliver: ({ jpeg, blurred }, shown) => {
      seq++;
      const frame: RoomFrame = {
        roomId: room.id,
        seq,
        modelVersion: renderer().version,
        docVersion: shown.version,
        stateVector: shown.stateVector ?? new Uint8Array(),
        sliders: shown.sliders,
        jpeg,
        // read once a frame, not once a socket: who sees the blurred variant
        blurred: blurred && shown.blur && { jpeg: blurred, mode: shown.blur },
      };
      // a frame shows its edits only once they are durable
      room.relay.afterDurable(shown.version, () => frames.publish(frame));
    },
  };
  const now = () => {
    clearTimeout(settling);
    settling = undefined;
    renderer().scheduler.request(target);
  };
  return {
    frames,
    render: () => {
      if (!frames.allDrawLocally) return now();
      clearTimeout(settling);
      settling = setTimeout(now, SETTLE_MS);
    },
    stop: () => clearTimeout(settling),
  };
}
