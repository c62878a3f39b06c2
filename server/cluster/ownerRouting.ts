/**
 * Several instances: a request or websocket upgrade that names a room (roomOfRequest.ts) is served here
 * when this instance owns the room, or takes it now; otherwise it goes to the owner (forwardToOwner.ts).
 * Everything else is served where it lands.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { requestUrl } from "../http/requestUrl";
import { sendJson } from "../http/sendJson";
import { forwardRequest, forwardUpgrade } from "./forwardToOwner";
import type { Whereabouts } from "./RoomOwnership";
import { roomOfRequest } from "./roomOfRequest";

export interface Cluster {
  whoServes(roomId: string): Promise<Whereabouts>;
}

/** The URL of the instance that owns the room the request names, when that is another one. */
async function ownerElsewhere(cluster: Cluster, req: IncomingMessage): Promise<string | undefined> {
  const url = requestUrl(req);
  const room = url && roomOfRequest(url);
  if (!room) return undefined;
  const where = await cluster.whoServes(room);
  return where.self ? undefined : where.url;
}

/** Wraps the HTTP handler: a room's requests reach its owner. */
export function routeRequests(
  cluster: Cluster,
  serve: (req: IncomingMessage, res: ServerResponse) => void,
  log: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    ownerElsewhere(cluster, req).then(
      (owner) => (owner ? forwardRequest(req, res, owner) : serve(req, res)),
      (error: unknown) => {
        log(`room owner not known: ${(error as Error).message}`);
        sendJson(res, 503, { error: "the room's server cannot be found now; try again in a moment" });
      },
    );
  };
}

/** Puts routing in front of the server's upgrade listeners (Yjs, socket.io): a room's sockets reach its owner. */
export function routeUpgrades(http: HttpServer, cluster: Cluster, log: (line: string) => void): void {
  const local = http.listeners("upgrade") as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  http.removeAllListeners("upgrade");
  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // the HTTP server's own error handler is gone once a socket upgrades: a reset while the owner is
    // looked up must not become an uncaught error (the listeners below add their own)
    const onError = () => socket.destroy();
    socket.on("error", onError);
    ownerElsewhere(cluster, req).then(
      (owner) => {
        if (socket.destroyed) return;
        if (owner) forwardUpgrade(req, socket, head, owner);
        else for (const listener of local) listener.call(http, req, socket, head);
      },
      (error: unknown) => {
        log(`room owner not known: ${(error as Error).message}`);
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
      },
    );
  });
}
