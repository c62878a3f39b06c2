/** Room storage in memory: the RoomStorage interface kept without a database, for tests. */
import * as Y from "yjs";
import type { RoomSnapshot, RoomStorage, StoredRoom } from "../../server/rooms/RoomStorage";

export class MemoryRoomStorage implements RoomStorage {
  readonly rooms = new Map<string, StoredRoom>();
  private nextId = 1;

  async createRoom(room: { id: string; name: string; modelVersion: string }): Promise<void> {
    if (this.rooms.has(room.id)) throw new Error(`room ${room.id} exists`);
    this.rooms.set(room.id, { ...room, createdAt: new Date(), state: null, docEpoch: 0, updates: [] });
  }

  async loadRoom(id: string): Promise<StoredRoom | null> {
    const room = this.rooms.get(id);
    return room ? { ...room, updates: [...room.updates] } : null;
  }

  async append(roomId: string, update: Uint8Array): Promise<void> {
    this.rooms.get(roomId)?.updates.push({ id: this.nextId++, update });
  }

  async compact(roomId: string, snapshot: () => RoomSnapshot): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const { state, docEpoch } = snapshot();
    room.state = state;
    room.docEpoch = docEpoch;
    room.updates = [];
  }

  async setModelVersion(roomId: string, version: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (room) room.modelVersion = version;
  }

  async close(): Promise<void> {}

  /** The sliders' entries a room holds in storage: its state with its log applied. */
  entries(roomId: string): unknown[] {
    const room = this.rooms.get(roomId);
    const doc = new Y.Doc();
    if (room?.state) Y.applyUpdate(doc, room.state);
    for (const u of room?.updates ?? []) Y.applyUpdate(doc, u.update);
    return doc.getArray("sliders").toArray();
  }
}
