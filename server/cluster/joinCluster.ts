/**
 * Makes this process one of several instances (REDIS_URL): room ownership through Redis, a room store
 * whose writes are fenced by it, the registry claiming rooms before it holds them, requests routed to
 * owners, and the active model version followed. Returns the store, what the server's options need, and
 * how to leave (give the leases back, close Redis).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Redis } from "ioredis";
import type { Db } from "../db/database";
import { RoomStore, type RoomStoreOptions } from "../db/RoomStore";
import type { Log } from "../operations/logger";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { RegistryOptions } from "../rooms/RoomRegistry";
import { followActiveModel } from "./followActiveModel";
import type { Cluster } from "./ownerRouting";
import { RoomOwnership } from "./RoomOwnership";

export interface ClusterMembership {
  /** writes only the rooms this instance claimed, with their owner epoch */
  store: RoomStore;
  /** merged into the server's room registry options */
  rooms: Pick<RegistryOptions, "claim" | "owns" | "hooks" | "onMoved">;
  cluster: Cluster;
  leave(): Promise<void>;
}

export function joinCluster(o: {
  redisUrl: string;
  /** where the other instances reach this one */
  instanceUrl: string;
  db: Db;
  store?: Omit<RoomStoreOptions, "fenced">;
  /** the model versions served here: they follow the version an admin activates on any instance */
  models?: ModelRegistry;
  log: Log;
}): ClusterMembership {
  // a command Redis does not answer fails before a lease could expire: the instance then drops its rooms
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
  let redisDown = false;
  redis.on("error", (error: Error) => {
    if (!redisDown) o.log(`Redis: ${error.message} (rooms are served again once it answers)`);
    redisDown = true;
  });
  redis.on("ready", () => {
    redisDown = false;
  });
  const moved = new Set<(roomId: string) => void>();
  const store = new RoomStore(o.db, {
    ...o.store,
    fenced: (roomId) => ownership.lose(roomId, "the database refused its writes: another instance owns it"),
  });
  const ownership = new RoomOwnership({
    redis,
    instance: `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    url: o.instanceUrl,
    store,
    onLost: (roomId) => {
      for (const listener of moved) listener(roomId);
    },
    log: o.log,
  });
  const unfollow = o.models ? followActiveModel(o.models, o.db, o.log) : () => {};
  return {
    store,
    rooms: {
      claim: async (roomId) => (await ownership.whoServes(roomId)).self,
      owns: (roomId) => ownership.owns(roomId),
      hooks: [{ onUnload: ({ room }: LiveRoom) => void ownership.release(room.id) }],
      onMoved: (listener) => moved.add(listener),
    },
    cluster: ownership,
    async leave() {
      unfollow();
      // the rooms are stored: their leases go back at once, and another instance takes them without waiting
      ownership.close();
      await ownership.releaseAll();
      await redis.quit();
    },
  };
}
