/**
 * The rooms this process owns: creation with unguessable ids, lookup, and the wiring from a room's
 * document changes to the render scheduler and from rendered frames to the room's sockets.
 */
import { randomBytes } from "node:crypto";
import type { FrameMessage } from "../../lib/frameProtocol";
import { FrameFanout } from "../render/FrameFanout";
import type { RenderScheduler, RenderTarget } from "../render/RenderScheduler";
import { Room } from "./Room";

export interface RoomEntry {
  room: Room;
  name: string;
  created: Date;
  frames: FrameFanout;
  /** asks for a frame of the room's current state */
  render(): void;
}

/** 128 random bits, URL-safe: a room link is a capability. */
export const newRoomId = () => randomBytes(16).toString("base64url");

export class RoomRegistry {
  private readonly rooms = new Map<string, RoomEntry>();

  constructor(
    private readonly scheduler: RenderScheduler,
    private readonly model: { version: string; latent: number },
  ) {}

  create(name = ""): RoomEntry {
    const id = newRoomId();
    const room = new Room(id, this.model.latent);
    const frames = new FrameFanout();
    let seq = 0;
    const modelVersion = this.model.version;
    const target: RenderTarget = {
      id,
      snapshot: () => ({ sliders: room.sliders(), version: room.version }),
      deliver: (jpeg, docVersion) => {
        seq++;
        const frame: FrameMessage = { roomId: id, seq, modelVersion, docVersion, jpeg };
        frames.publish(frame);
      },
    };
    const entry: RoomEntry = { room, name, created: new Date(), frames, render: () => this.scheduler.request(target) };
    room.onChange(() => entry.render());
    this.rooms.set(id, entry);
    entry.render();
    return entry;
  }

  get(id: string): RoomEntry | undefined {
    return this.rooms.get(id);
  }

  get size(): number {
    return this.rooms.size;
  }

  destroy(): void {
    for (const entry of this.rooms.values()) entry.room.destroy();
    this.rooms.clear();
  }
}
