/**
 * The server's sockets on its one HTTP server: socket.io for frames (and the face array's events), the Yjs
 * endpoint, and with a cluster the upgrades for other instances' rooms relayed to their owners. New
 * connections are limited per address.
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server as SocketServer } from "socket.io";
import type { OwnerRouting } from "./cluster/ownerRouting";
import type { ServerLimits } from "./http/serverLimits";
import { arraySockets } from "./realtime/arraySockets";
import { attachFrameSockets } from "./realtime/frameSockets";
import { attachYjsEndpoint } from "./realtime/yjsEndpoint";
import { PerClientLimiter } from "./rooms/rateLimiter";
import type { ServerCore } from "./serverCore";
import type { LikenessServerOptions } from "./serverOptions";

export interface ServerSockets {
  /** the open Yjs websockets and socket.io sockets */
  clients(): number;
  /** ends the websockets relayed to other instances, the Yjs sockets and socket.io */
  close(): Promise<void>;
}

/**
 * socket.io, made before the HTTP server (the API announces to rooms through it) and attached to it by
 * attachSockets; it must not destroy the other websocket upgrades (it would after 1 s).
 */
export const socketServer = () =>
  new SocketServer({ destroyUpgrade: false, maxHttpBufferSize: 16 * 1024, serveClient: false });

/** Attaches socket.io, then the Yjs endpoint, then the cluster's routing in front of both. */
export function attachSockets(
  http: HttpServer,
  io: SocketServer,
  routing: OwnerRouting | null,
  o: LikenessServerOptions,
  core: ServerCore,
  limits: ServerLimits,
): ServerSockets {
  const { openRoom, gate, links, clientAddress, log } = core;
  const connections = new PerClientLimiter(limits.connectionsPerSecond, limits.connectionBurst);
  const admit = (req: IncomingMessage) => connections.take(clientAddress(req));
  io.attach(http);
  attachFrameSockets(io, { open: openRoom, admit, gate, links, events: [arraySockets(core.arrays, gate)] });
  const wss = attachYjsEndpoint(http, {
    openRoom,
    limits: o.yjsLimits,
    admit,
    clientAddress,
    gate,
    links,
    origins: core.origins,
    fallbackUpgrade: o.fallbackUpgrade,
    log,
  });
  routing?.upgrades(http);
  return {
    clients: () => wss.clients.size + io.engine.clientsCount,
    async close() {
      // websockets relayed to other instances' rooms end first: the HTTP server waits for nothing of theirs
      routing?.close();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
