/**
 * One Node server on one port: the room API, the Yjs websocket endpoint (/yjs/<roomId>) and socket.io
 * (/socket.io) for frames. Rooms render through their model version's scheduler, which batches them into
 * decode calls. The parts every endpoint shares are serverCore.ts's, the API serverApi.ts's and the
 * sockets serverSockets.ts's; this file puts them on one HTTP server, listens, and closes them in order.
 */

import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ownerRouting } from "./cluster/ownerRouting";
import { requestHandler } from "./http/requestHandler";
import { DEFAULT_SERVER_LIMITS } from "./http/serverLimits";
import { serveMetrics } from "./operations/metricsServer";
import type { ServerMetrics } from "./operations/serverMetrics";
import type { SessionRecord } from "./record/SessionRecord";
import type { ModelRegistry } from "./render/ModelRegistry";
import type { RoomRegistry } from "./rooms/RoomRegistry";
import { serverApi } from "./serverApi";
import { type ServerCore, serverCore } from "./serverCore";
import type { LikenessServerOptions } from "./serverOptions";
import { attachSockets, type ServerSockets, socketServer } from "./serverSockets";
import type { RoomLinks } from "./sessions/RoomLinks";

export interface LikenessServer {
  url: string;
  http: HttpServer;
  rooms: RoomRegistry;
  models: ModelRegistry;
  links: RoomLinks;
  record: SessionRecord;
  metrics: ServerMetrics;
  /** where GET /metrics is served, when metricsPort was given */
  metricsUrl?: string;
  close(): Promise<void>;
}

export async function createLikenessServer(o: LikenessServerOptions): Promise<LikenessServer> {
  const models = o.models;
  await models.ready();
  const core = serverCore(o);
  const { log, links, record, metrics, rooms } = core;
  // attached to the HTTP server once its request handler exists; rooms can be told of changes before that
  const io = socketServer();
  const limits = { ...DEFAULT_SERVER_LIMITS, ...o.limits };
  const handle = requestHandler({
    api: serverApi(o, core, io),
    clientAddress: core.clientAddress,
    limits,
    dev: o.dev ?? false,
    fallback: o.fallback,
    log,
    answered: (status) => metrics.requests.inc({ status: `${Math.floor(status / 100)}xx` }),
  });
  const routing = o.cluster ? ownerRouting(o.cluster, log) : null;
  const http = createHttpServer(routing ? routing.requests(handle) : handle);
  const sockets = attachSockets(http, io, routing, o, core, limits);

  metrics.watch({ models, rooms, clients: sockets.clients });
  const scrape =
    o.metricsPort === undefined ? null : await serveMetrics(metrics, o.metricsPort, o.metricsHost ?? "127.0.0.1");

  const url = await listen(http, o.port, o.host);
  return {
    url,
    http,
    rooms,
    models,
    links,
    record,
    metrics,
    metricsUrl: scrape?.url,
    close: () => closeServer(http, sockets, scrape, core),
  };
}

/** Listens on the port (every address unless `host` names one); the server's URL. */
async function listen(http: HttpServer, port: number, host: string | undefined): Promise<string> {
  await new Promise<void>((resolve) => http.listen(port, host ?? "0.0.0.0", resolve));
  const address = http.address() as AddressInfo;
  return `http://${host && host !== "0.0.0.0" ? host : "localhost"}:${address.port}`;
}

/**
 * Closes in order: the metrics port, the sockets, and once no decode is running the rooms (each writes its
 * edits); then, whatever the rooms did, the session record, the model versions and the HTTP server.
 */
async function closeServer(
  http: HttpServer,
  sockets: ServerSockets,
  scrape: { close(): Promise<void> } | null,
  { models, rooms, record, log }: ServerCore,
): Promise<void> {
  await scrape?.close();
  await sockets.close();
  await models.idle();
  try {
    await rooms.close();
  } finally {
    await record.close().catch((error: unknown) => log(`session record: ${(error as Error).message}`));
    await models.close();
    if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}
