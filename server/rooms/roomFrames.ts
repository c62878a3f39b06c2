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

/** `renderer()`: the room's model version now (a room can be switched to another). */
export function roomFrames(room: Room, renderer: () => Renderer): { frames: FrameFanout; render(): void } {
  const frames = new FrameFanout();
  let seq = 0;
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
  return { frames, render: () => renderer().scheduler.request(target) };
}
