/**
 * One Node server on one port: the room API, the Yjs websocket endpoint (/yjs/<roomId>) and socket.io
 * (/socket.io) for frames. Rooms render through their model version's scheduler, which batches them into
 * decode calls.
 */

import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { Server as SocketServer } from "socket.io";
import { EVENTS, roomIdSchema } from "../lib/frameProtocol";
import type { RoomLookup } from "../lib/roomInfo";
import { adminConfig } from "./admin/adminConfig";
import { FaceArrays } from "./arrays/FaceArrays";
import { type Cluster, ownerRouting } from "./cluster/ownerRouting";
import type { SnapshotStore } from "./db/SnapshotStore";
import { type AdminAccessDeps, adminAccess } from "./http/adminAccess";
import { type AdminRouteDeps, adminRoutes } from "./http/adminRoutes";
import { clientAddressOf, secureRequestOf } from "./http/clientAddress";
import { describeRoom } from "./http/describeRoom";
import { fitRoutes } from "./http/fitRoutes";
import { healthRoutes, type ReadinessCheck } from "./http/healthRoutes";
import { linkRoutes } from "./http/linkRoutes";
import { localDecoderRoutes } from "./http/localDecoderRoutes";
import { recordRoutes } from "./http/recordRoutes";
import { requestHandler } from "./http/requestHandler";
import { requestKey } from "./http/requestUrl";
import { guardRoomPage } from "./http/roomPageGuard";
import { roomRoutes } from "./http/roomRoutes";
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from "./http/serverLimits";
import { snapshotRoutes } from "./http/snapshotRoutes";
import { type TrainingRouteDeps, trainingRoutes } from "./http/trainingRoutes";
import type { Log } from "./operations/logger";
import { serveMetrics } from "./operations/metricsServer";
import { ServerMetrics } from "./operations/serverMetrics";
import { admitToRoom } from "./realtime/admission";
import { arraySockets } from "./realtime/arraySockets";
import { attachFrameSockets, roomChannel } from "./realtime/frameSockets";
import { attachYjsEndpoint } from "./realtime/yjsEndpoint";
import { actorOf, recorder } from "./record/recordHooks";
import { type RecordStorage, SessionRecord } from "./record/SessionRecord";
import type { ModelRegistry } from "./render/ModelRegistry";
import type { LiveRoom } from "./rooms/LiveRoom";
import { type RegistryOptions, RoomRegistry } from "./rooms/RoomRegistry";
import type { RoomStorage } from "./rooms/RoomStorage";
import { PerClientLimiter } from "./rooms/rateLimiter";
import type { YjsLimits } from "./rooms/yjsConnection";
import { type LinkStorage, RoomLinks } from "./sessions/RoomLinks";
import { byRole } from "./sessions/roles";
import { type Authorize, createGate, type Session } from "./sessions/session";

/** What the server needs of the admin area; without it /api/admin says how to turn the area on. */
export type AdminOptions = Omit<AdminRouteDeps, "access" | "models" | "reportFile"> &
  Pick<AdminAccessDeps, "config" | "store" | "sessions"> & {
    /** background runs (datasets, training); without them the admin area only manages model versions */
    training?: Omit<TrainingRouteDeps, "access">;
  };

const ADMIN_OFF: AdminOptions = { config: adminConfig(false), store: null, sessions: null, activate: async () => {} };

export interface LikenessServerOptions {
  port: number;
  host?: string;
  /** the model versions rooms render with; the server closes it when it closes */
  models: ModelRegistry;
  yjsLimits?: Partial<YjsLimits>;
  /** durable rooms; without it rooms live in memory only */
  store?: RoomStorage;
  /** saved faces; without it the snapshot API is absent */
  snapshots?: SnapshotStore;
  /** the admin area (ADMIN_PASSWORD); without it /api/admin answers 404 */
  admin?: AdminOptions;
  /** where uploaded photos wait for their fit (default: the system's temporary folder) */
  uploadDir?: string;
  /** role links (hashed tokens); without it they live in memory */
  links?: LinkStorage;
  /** witness sessions' records; without it they live in memory */
  record?: RecordStorage;
  rooms?: RegistryOptions;
  /** new rooms one address may create per minute (default 30) */
  roomsPerMinute?: number;
  /** per-address limits on HTTP requests and new connections (DEFAULT_SERVER_LIMITS) */
  limits?: Partial<ServerLimits>;
  /** development: the content security policy allows what hot reload needs */
  dev?: boolean;
  /** what each session may do (default: by the role of the link it came with, sessions/roles.ts) */
  authorize?: Authorize;
  /** reverse proxies whose X-Forwarded-For names the client (see clientAddress.ts); none by default */
  trustProxy?: readonly string[];
  /** handles every other request (the Next.js app); 404 when absent */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  /** several instances: each room's requests and sockets reach the instance that owns it */
  cluster?: Cluster;
  /** handles other websocket upgrades (Next.js's hot reload in development) */
  fallbackUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  log?: Log;
  /** the operators' metrics (default: a registry of this server's own) */
  metrics?: ServerMetrics;
  /** serves GET /metrics on this port, apart from the public one (default: not served) */
  metricsPort?: number;
  /** the metrics port's address (default 127.0.0.1: this machine only) */
  metricsHost?: string;
  /** what /api/ready asks besides the model (the database) */
  readiness?: Record<string, ReadinessCheck>;
}

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
  const log = o.log ?? (() => {});
  const links = new RoomLinks(o.links ?? null);
  const record = new SessionRecord(o.record, log);
  const clientAddress = clientAddressOf(o.trustProxy);
  const gate = createGate(clientAddress, requestKey, o.authorize ?? byRole, links);
  const arrays = new FaceArrays(record, gate.may);
  // which session each Yjs socket is: the record says who made each change
  const origins = new WeakMap<object, Session>();
  const recording = recorder(record, (origin) =>
    origin !== null && typeof origin === "object" ? origins.get(origin) : undefined,
  );
  const metrics = o.metrics ?? new ServerMetrics();
  const counted = { onChange: () => metrics.edits.inc() };
  const forget = {
    onUnload: ({ room }: LiveRoom) => {
      links.forget(room.id);
      arrays.forget(room.id);
    },
  };
  const rooms = new RoomRegistry(models, o.store ?? null, {
    log: o.log,
    ...o.rooms,
    hooks: [recording.hooks, forget, counted, ...(o.rooms?.hooks ?? [])],
  });
  /** a valid id of an existing room (loaded from the database if needed), else undefined */
  const openRoom = async (id: string): Promise<LiveRoom | undefined> => {
    const parsed = roomIdSchema.safeParse(id);
    if (!parsed.success) return undefined;
    return rooms.open(parsed.data);
  };

  // attached to the HTTP server once its request handler exists; rooms can be told of changes before that
  const io = new SocketServer({ destroyUpgrade: false, maxHttpBufferSize: 16 * 1024, serveClient: false });
  const snapshots = o.snapshots
    ? snapshotRoutes({
        snapshots: o.snapshots,
        openRoom,
        clientAddress,
        gate,
        thumbnail: async ({ renderer }, sliders) => (await renderer.scheduler.encoded(sliders)).jpeg,
        announce: (entry, session, change) => {
          const roomId = entry.room.id;
          io.to(roomChannel(roomId)).emit(EVENTS.snapshots, { roomId });
          record
            .appendIfRecording(roomId, { kind: "snapshot", ...actorOf(session), data: change })
            .catch((error: unknown) => log(`session record: ${(error as Error).message}`));
        },
      })
    : null;

  /** the room as the request's session sees it, for the room page */
  const lookup =
    (req: IncomingMessage): RoomLookup =>
    async (id) => {
      const admitted = await admitToRoom(openRoom, gate, req, id, "room:read");
      if ("live" in admitted) return describeRoom(admitted.live, admitted.session.role, models);
      if (admitted.refused === "not_found") return undefined;
      return admitted.refused === "forbidden" ? { refusal: admitted.message } : { unavailable: admitted.message };
    };
  const secure = secureRequestOf(o.trustProxy);
  const admin = o.admin ?? ADMIN_OFF;
  const access = adminAccess({ ...admin, clientAddress, secure });
  const training = admin.training;
  const reportFile = training && ((version: string) => training.runs.reportFile(version));
  const sessionApi = [
    linkRoutes({ openRoom, gate, links, record, recorder: recording }),
    recordRoutes({ openRoom, gate, record, snapshots: o.snapshots }),
    fitRoutes({ openRoom, gate, rooms, models, record, uploadDir: o.uploadDir ?? join(tmpdir(), "likeness-uploads") }),
    adminRoutes({ ...admin, access, models, reportFile }),
    ...(admin.training ? [trainingRoutes({ ...admin.training, access })] : []),
  ];
  const roomApi = roomRoutes({
    rooms,
    openRoom,
    models,
    roomsPerMinute: o.roomsPerMinute,
    clientAddress,
    gate,
    links,
  });
  const health = healthRoutes({ models, checks: o.readiness ?? {} });
  const localDecoder = localDecoderRoutes({ openRoom, gate, models, clientAddress });
  const api = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if ((await health(req, res, path)) || (await localDecoder(req, res, path))) return true;
    for (const routes of sessionApi) if (await routes(req, res, path)) return true;
    return (
      (snapshots !== null && (await snapshots(req, res, path))) ||
      (await roomApi(req, res, path)) ||
      (await guardRoomPage(req, res, path, lookup(req)))
    );
  };

  const limits = { ...DEFAULT_SERVER_LIMITS, ...o.limits };
  const connections = new PerClientLimiter(limits.connectionsPerSecond, limits.connectionBurst);
  const admit = (req: IncomingMessage) => connections.take(clientAddress(req));
  const handle = requestHandler({
    api,
    clientAddress,
    limits,
    dev: o.dev ?? false,
    fallback: o.fallback,
    log,
    answered: (status) => metrics.requests.inc({ status: `${Math.floor(status / 100)}xx` }),
  });
  const routing = o.cluster ? ownerRouting(o.cluster, log) : null;
  const http = createHttpServer(routing ? routing.requests(handle) : handle);

  // socket.io must not destroy the other websocket upgrades (it would after 1 s: destroyUpgrade above)
  io.attach(http);
  attachFrameSockets(io, { open: openRoom, admit, gate, links, events: [arraySockets(arrays, gate)] });

  const wss = attachYjsEndpoint(http, {
    openRoom,
    limits: o.yjsLimits,
    admit,
    clientAddress,
    gate,
    links,
    origins,
    fallbackUpgrade: o.fallbackUpgrade,
    log,
  });

  routing?.upgrades(http);

  metrics.watch({ models, rooms, clients: () => wss.clients.size + io.engine.clientsCount });
  const scrape =
    o.metricsPort === undefined ? null : await serveMetrics(metrics, o.metricsPort, o.metricsHost ?? "127.0.0.1");

  await new Promise<void>((resolve) => http.listen(o.port, o.host ?? "0.0.0.0", resolve));
  const address = http.address() as AddressInfo;
  const url = `http://${o.host && o.host !== "0.0.0.0" ? o.host : "localhost"}:${address.port}`;
  return {
    url,
    http,
    rooms,
    models,
    links,
    record,
    metrics,
    metricsUrl: scrape?.url,
    async close() {
      await scrape?.close();
      // websockets relayed to other instances' rooms end first: the HTTP server waits for nothing of theirs
      routing?.close();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await models.idle();
      try {
        await rooms.close();
      } finally {
        await record.close().catch((error: unknown) => log(`session record: ${(error as Error).message}`));
        await models.close();
        if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      }
    },
  };
}
