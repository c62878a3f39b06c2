/**
 * What a Likeness server is made of: its model versions, storage, limits and collaborators, each optional
 * but the port and the models (createServer.ts builds the server from them).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Cluster } from "./cluster/ownerRouting";
import type { SnapshotStore } from "./db/SnapshotStore";
import type { AdminAccessDeps } from "./http/adminAccess";
import type { AdminRouteDeps } from "./http/adminRoutes";
import type { ReadinessCheck } from "./http/healthRoutes";
import type { ServerLimits } from "./http/serverLimits";
import type { TrainingRouteDeps } from "./http/trainingRoutes";
import type { Log } from "./operations/logger";
import type { ServerMetrics } from "./operations/serverMetrics";
import type { RecordStorage } from "./record/SessionRecord";
import type { ModelRegistry } from "./render/ModelRegistry";
import type { RegistryOptions } from "./rooms/RoomRegistry";
import type { RoomStorage } from "./rooms/RoomStorage";
import type { YjsLimits } from "./rooms/yjsConnection";
import type { LinkStorage } from "./sessions/RoomLinks";
import type { Authorize } from "./sessions/session";

/** What the server needs of the admin area; without it /api/admin says how to turn the area on. */
export type AdminOptions = Omit<AdminRouteDeps, "access" | "models" | "reportFile"> &
  Pick<AdminAccessDeps, "config" | "store" | "sessions"> & {
    /** background runs (datasets, training); without them the admin area only manages model versions */
    training?: Omit<TrainingRouteDeps, "access">;
  };

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
