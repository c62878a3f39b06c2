/**
 * Several instances: a request or websocket upgrade that names a room (roomOfRequest.ts) is served here
 * when this instance owns the room, or takes it now; otherwise it goes to the owner (forwardToOwner.ts).
 * Everything else is served where it lands.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { ApiError } from "../../lib/api/apiError";
import { requestUrl } from "../http/requestUrl";
import { sendJson } from "../http/sendJson";
import { forwardRequest, UpgradePipes } from "./forwardToOwner";
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

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** One server's routing to owners: its requests, its upgrades, and the pipes it closes when it stops. */
export interface OwnerRouting {
  /** wraps the HTTP handler: a room's requests reach its owner */
  requests(serve: Handler): Handler;
  /** puts routing in front of the server's upgrade listeners (Yjs, socket.io): a room's sockets reach its owner */
  upgrades(http: HttpServer): void;
  /** ends the websockets piped to other instances */
  close(): void;
}

export function ownerRouting(cluster: Cluster, log: (line: string) => void): OwnerRouting {
  const pipes = new UpgradePipes();
  const unknownOwner = (error: unknown) => log(`room owner not known: ${(error as Error).message}`);
  return {
    requests: (serve) => (req, res) => {
      ownerElsewhere(cluster, req).then(
        (owner) => (owner ? forwardRequest(req, res, owner) : serve(req, res)),
        (error: unknown) => {
          unknownOwner(error);
          sendJson<ApiError>(res, 503, { error: "the room's server cannot be found now; try again in a moment" });
        },
      );
    },
    upgrades(http) {
      const local = http.listeners("upgrade") as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
      http.removeAllListeners("upgrade");
      http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // the HTTP server's own error handler is gone once a socket upgrades: a reset while the owner is
        // looked up must not become an uncaught error (the listeners below add their own)
        socket.on("error", () => socket.destroy());
        ownerElsewhere(cluster, req).then(
          (owner) => {
            if (socket.destroyed) return;
            if (owner) pipes.forward(req, socket, head, owner);
            else for (const listener of local) listener.call(http, req, socket, head);
          },
          (error: unknown) => {
            unknownOwner(error);
            socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
          },
        );
      });
    },
    close: () => pipes.closeAll(),
  };
}
