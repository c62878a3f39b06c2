/**
 * npm start / npm run dev: the whole product on one port (PORT, default 3000) with the shipped default
 * model (LIKENESS_MODEL to use another). Behind a reverse proxy, LIKENESS_TRUST_PROXY names it (e.g.
 * "loopback" or "10.0.0.0/8") so per-address limits count the clients, not the proxy.
 */
import { resolve } from "node:path";
import { loadModel } from "../facemodel/artifact/modelArtifact";
import { modelOpener } from "../facemodel/openModel";
import { startingFace } from "../facemodel/randomFace";
import { adminConfigFromEnv } from "./admin/adminConfig";
import { joinCluster } from "./cluster/joinCluster";
import { createLikenessServer } from "./createServer";
import { AdminSessionStore } from "./db/AdminSessionStore";
import { AdminStore } from "./db/AdminStore";
import { openDatabase } from "./db/database";
import { LinkStore } from "./db/LinkStore";
import { activateModel, activeModel, modelDir, registerModel } from "./db/modelVersions";
import { RecordStore } from "./db/RecordStore";
import { RoomStore } from "./db/RoomStore";
import { RunStore } from "./db/RunStore";
import { SnapshotStore } from "./db/SnapshotStore";
import { parseTrustProxy } from "./http/clientAddress";
import { TrainingRuns } from "./jobs/TrainingRuns";
import { createLog } from "./operations/logger";
import { ServerMetrics } from "./operations/serverMetrics";
import { ModelRegistry } from "./render/ModelRegistry";
import { closeOnSignals } from "./shutdown";
import { createWebApp } from "./web/nextApp";

const HELP = `usage: npm start (npm run dev: development, hot reload)

Serves Likeness on one port: the pages, the room API, /yjs/<room> and socket.io.

environment:
  PORT                  the port (default 3000)
  DATABASE_URL          file:<path> (SQLite, default data/likeness.db) or postgres://… (PostgreSQL)
  LIKENESS_MODEL        the model folder (default models/default)
  LIKENESS_DATA         uploads, datasets, runs, trained models, reports (default data/)
  LIKENESS_DECODER      cuda, onnx-cpu, onnx-webgpu, tfjs-wasm or tfjs-native (default: chosen at start)
  LIKENESS_DECODER_THREADS  the CPU decoder's threads (default: every core)
  REDIS_URL             several instances: rooms are owned through Redis (docs/cluster.md)
  LIKENESS_JOBS         0: this instance runs no training jobs (another one does)
  LIKENESS_INSTANCE_URL this instance's address for the others (default http://127.0.0.1:PORT)
  LIKENESS_TRUST_PROXY  reverse proxies whose X-Forwarded-For names the client (e.g. loopback)
  LIKENESS_METRICS_PORT serves Prometheus metrics at /metrics on this port (default: off)
  LIKENESS_METRICS_HOST the metrics port's address (default 127.0.0.1: this machine only)
  LIKENESS_LOG_FORMAT   json (one object a line) or text (default: text on a terminal, else json)
  LIKENESS_LOG_LEVEL    debug, info, warn or error (default info)
  ADMIN_PASSWORD        turns the admin area (/admin) on; kept only as a scrypt hash
  ADMIN_SESSION_IDLE_MINUTES  an admin session unused this long ends (default 30)`;
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}
const unknown = args.find((a) => a !== "--dev");
if (unknown !== undefined) {
  console.error(`start: unknown option '${unknown}' (see --help)`);
  process.exit(2);
}
const dev = args.includes("--dev");
const root = resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const log = createLog();
const metrics = new ServerMetrics();
const metricsPort = process.env.LIKENESS_METRICS_PORT;
if (metricsPort !== undefined && !/^\d{1,5}$/.test(metricsPort)) {
  console.error("start: LIKENESS_METRICS_PORT must be a port number");
  process.exit(2);
}
// uploads, datasets, training runs, trained models and their reports
const dataDir = resolve(process.env.LIKENESS_DATA || resolve(root, "data"));

const modelFolder = process.env.LIKENESS_MODEL ?? resolve(root, "models", "default");
const model = await loadModel(modelFolder);
log(`model ${model.manifest.version} (${model.manifest.metrics.trainPsnr.toFixed(1)} dB) registered`);
const { db, applied } = await openDatabase();
if (applied.length > 0) log(`database migrated: ${applied.join(", ")}`);
// the shipped model's portraits are synthetic: its decoder may be drawn in browsers from the start
await registerModel(db, model, resolve(model.dir) === resolve(root, "models", "default"));
// the version an admin activated stays active across restarts, unless LIKENESS_MODEL names one
const stored = await activeModel(db);
const active = process.env.LIKENESS_MODEL || !stored ? model.manifest.version : stored;
// rooms made with other versions render with theirs, loaded when such a room is opened
const models = new ModelRegistry(
  modelOpener((version) => modelDir(db, version)),
  active,
  log,
);
const adminStore = new AdminStore(db);
const adminSessions = new AdminSessionStore(db);
// the admin's names for components, over each model's own labels
for (const row of await adminStore.modelVersions()) {
  models.rename(row.version, row.names);
  models.allowLocalDrawing(row.version, row.localDrawing);
}
await models.ready().catch(async (error: unknown) => {
  log(`model ${active} cannot be loaded (${(error as Error).message}): serving ${model.manifest.version}`);
  await models.activate(model.manifest.version);
});
await activateModel(db, models.activeVersion);
const storeOptions = { log, onWrite: (seconds: number) => metrics.databaseWriteSeconds.observe(seconds) };
// several instances (REDIS_URL): one owner per room, found and kept in Redis (server/cluster/)
const membership = process.env.REDIS_URL
  ? joinCluster({
      redisUrl: process.env.REDIS_URL,
      instanceUrl: process.env.LIKENESS_INSTANCE_URL || `http://127.0.0.1:${port}`,
      db,
      store: storeOptions,
      models,
      log,
    })
  : undefined;
const store = membership?.store ?? new RoomStore(db, storeOptions);
const snapshots = new SnapshotStore(db);
// background runs (datasets, training) in processes of their own, one at a time
const runStore = new RunStore(db);
metrics.gauges("likeness_training_runs", "Training and dataset runs by status", "status", async () =>
  Object.fromEntries(
    (await db.trainingRun.groupBy({ by: ["status"], _count: { _all: true } })).map((g) => [g.status, g._count._all]),
  ),
);
const runs = new TrainingRuns({
  store: runStore,
  dataDir,
  register: async (dir) => {
    const trained = await loadModel(dir);
    await registerModel(db, trained);
    return trained.manifest.version;
  },
  activeModel: async () => {
    const version = models.activeVersion;
    const dir = await modelDir(db, version);
    if (!dir) throw new Error(`the active model ${version} is not registered`);
    return { version, dir };
  },
  log,
});
// several instances: one runs the jobs (LIKENESS_JOBS=0 on the others: start-cluster sends /admin to it)
const jobs = process.env.LIKENESS_JOBS !== "0";
if (jobs) await runs.start();
const web = await createWebApp({ root, dev, log });
const server = await createLikenessServer({
  port,
  models,
  store,
  snapshots,
  links: new LinkStore(db),
  uploadDir: resolve(dataDir, "uploads"),
  admin: {
    config: await adminConfigFromEnv(adminSessions),
    store: adminStore,
    sessions: adminSessions,
    activate: (v) => activateModel(db, v),
    trainedModelsDir: resolve(dataDir, "models"),
    shippedModelDir: resolve(root, "models", "default"),
    training: jobs ? { runs, runStore, uploadDir: resolve(dataDir, "uploads") } : undefined,
  },
  record: new RecordStore(db),
  fallback: web.handle,
  fallbackUpgrade: web.upgrade,
  trustProxy: parseTrustProxy(process.env.LIKENESS_TRUST_PROXY),
  dev,
  // a new room opens on a clean, plausible face, not on the blurry mean
  rooms: {
    startingFace,
    ...membership?.rooms,
  },
  cluster: membership?.cluster,
  log,
  metrics,
  metricsPort: metricsPort === undefined ? undefined : Number(metricsPort),
  metricsHost: process.env.LIKENESS_METRICS_HOST,
  readiness: { database: () => db.$queryRawUnsafe("SELECT 1") },
});
log(`serving ${dev ? "(development) " : ""}at ${server.url}`);
if (server.metricsUrl) log(`metrics at ${server.metricsUrl}`);
// a promise nobody awaited failed: report it; one room's trouble must not end everyone's session
process.on("unhandledRejection", (reason) =>
  log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`, "error"),
);

closeOnSignals(
  server,
  async () => {
    await runs.close();
    await membership?.leave();
    await db.$disconnect();
  },
  log,
);
