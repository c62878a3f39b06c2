/**
 * Makes this process one of several instances (REDIS_URL): room ownership through Redis, the store's
 * writes fenced by it, the registry claiming rooms before it holds them, and requests routed to owners.
 * Returns what the server's options need and how to leave (give the leases back, close Redis).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { Redis } from "ioredis";
import type { RoomStore } from "../db/RoomStore";
import type { LiveRoom } from "../rooms/LiveRoom";
import type { RegistryOptions, RoomRegistry } from "../rooms/RoomRegistry";
import type { Cluster } from "./ownerRouting";
import { RoomOwnership } from "./RoomOwnership";

export interface ClusterMembership {
  /** merged into the server's room registry options */
  rooms: Pick<RegistryOptions, "claim" | "owns" | "hooks">;
  cluster: Cluster;
  /** the server's registry, once it exists: rooms taken over elsewhere are evicted from it */
  attach(registry: RoomRegistry): void;
  leave(): Promise<void>;
}

export function joinCluster(o: {
  redisUrl: string;
  /** where the other instances reach this one */
  instanceUrl: string;
  store: RoomStore;
  log(line: string): void;
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
  let registry: RoomRegistry | undefined;
  const ownership = new RoomOwnership({
    redis,
    instance: `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    url: o.instanceUrl,
    store: o.store,
    onLost: (roomId) => registry?.evict(roomId, "the room moved to another server; reconnecting"),
    log: o.log,
  });
  o.store.requireClaims();
  o.store.onFenced = (roomId) => ownership.lose(roomId, "the database refused its writes: another instance owns it");
  return {
    rooms: {
      claim: async (roomId) => (await ownership.whoServes(roomId)).self,
      owns: (roomId) => ownership.owns(roomId),
      hooks: [{ onUnload: ({ room }: LiveRoom) => void ownership.release(room.id) }],
    },
    cluster: ownership,
    attach: (r) => {
      registry = r;
    },
    async leave() {
      // the rooms are stored: their leases go back at once, and another instance takes them without waiting
      ownership.close();
      await ownership.releaseAll();
      await redis.quit();
    },
  };
}
