/**
 * What the rooms need from storage: the Prisma store (server/db/RoomStore.ts) on SQLite, or any other
 * that keeps these promises (an in-memory one in the tests).
 */

export interface StoredRoom {
  id: string;
  name: string;
  createdAt: Date;
  modelVersion: string;
  /** the compacted document, or null before the first compaction */
  state: Uint8Array | null;
  /** how many times the server has rewritten the document from its live values */
  docEpoch: number;
  /** the updates logged since, oldest first */
  updates: { id: number; update: Uint8Array }[];
}

/** A room's document as stored: its merged state and its epoch (how many times it was rewritten). */
export interface RoomSnapshot {
  state: Uint8Array;
  docEpoch: number;
}

export interface RoomStorage {
  createRoom(room: { id: string; name: string; modelVersion: string }): Promise<void>;
  /** null when there is no such room; throws when the room cannot be read */
  loadRoom(id: string): Promise<StoredRoom | null>;
  /** resolves once the update is durable; never rejects (a failed write is kept and retried) */
  append(roomId: string, update: Uint8Array): Promise<void>;
  /**
   * replaces the room's logged updates by its merged state and its document's epoch, read together
   * after the last logged update is known
   */
  compact(roomId: string, snapshot: () => RoomSnapshot): Promise<void>;
  /** the model version the room renders with from now on */
  setModelVersion(roomId: string, version: string): Promise<void>;
  /** writes everything pending and lets go; throws, saying how many updates are lost, when it cannot */
  close(): Promise<void>;
}
