/**
 * The rooms server alone (no web pages) for the rooms benchmark and the fault tests:
 *   tsx scripts/bench/roomServer.ts [--model models/default] [--skip-decode | --no-frames] [--database file:/tmp/x.db]
 *   [--redis redis://… --port N] (one of several instances: --database postgres://…)
 * --skip-decode replaces the decoder by a constant grey face, to separate render cost from transport;
 * --no-frames gives the rooms a decoder that never answers, so no frame is drawn: the edit path alone;
 * --database keeps the rooms in SQLite (group commit) instead of memory. Started with an IPC channel, it
 * answers "stats" with its CPU time, memory and frames rendered.
 */

import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { joinCluster } from "../../server/cluster/joinCluster";
import { createLikenessServer } from "../../server/createServer";
import { openDatabase } from "../../server/db/database";
import { RoomStore } from "../../server/db/RoomStore";
import { ModelRegistry } from "../../server/render/ModelRegistry";
import { closeOnSignals } from "../../server/shutdown";
import { parseCli, UsageError } from "../cli";

const { values } = parseCli({
  command: "tsx scripts/bench/roomServer.ts",
  summary: "The rooms server alone (no web pages), for bench:rooms and the fault tests.",
  options: {
    model: { type: "string", default: "models/default", value: "<dir>", help: "the model to decode" },
    "skip-decode": { type: "boolean", default: false, help: "a constant grey face instead of decoding" },
    "no-frames": { type: "boolean", default: false, help: "draw no frame at all (the edit path alone)" },
    database: { type: "string", value: "<url>", help: "keep rooms in SQLite or PostgreSQL (default: in memory)" },
    redis: { type: "string", value: "<url>", help: "one of several instances: rooms owned through this Redis" },
    port: { type: "string", default: "0", value: "<port>", help: "the port (default: any free one)" },
  },
});
const model = await loadModel(values.model);
const { width, height } = model.manifest.image;
const grey: DecoderRuntime = {
  backend: "none",
  decode: async (_codes, n) => new Float32Array(n * width * height * 3).fill(0.5),
  decodeBytes: async (_codes, n) => new Uint8Array(n * width * height * 3).fill(128),
  dispose: async () => {},
};
// --no-frames: the first decode waits until the server stops (then it lets the scheduler go idle)
const stopping = new Promise<void>((done) => process.once("SIGTERM", () => done()));
const never: DecoderRuntime = {
  backend: "none",
  decode: async (codes, n) => stopping.then(() => grey.decode(codes, n)),
  decodeBytes: async (codes, n) => stopping.then(() => grey.decodeBytes(codes, n)),
  dispose: async () => {},
};
const models = new ModelRegistry(
  async () => ({
    model,
    runtime: values["no-frames"]
      ? never
      : values["skip-decode"]
        ? grey
        : await createDecoderRuntime(model.manifest.architecture, model.weights, { offThread: true }),
  }),
  model.manifest.version,
);
const database = values.database ? await openDatabase(values.database) : null;
if (values.redis && (!database || values.port === "0")) throw new UsageError("--redis needs --database and --port");
const membership =
  values.redis && database
    ? joinCluster({
        redisUrl: values.redis,
        instanceUrl: `http://127.0.0.1:${values.port}`,
        db: database.db,
        store: { log: console.error },
        log: () => {},
      })
    : undefined;
const store = membership?.store ?? (database ? new RoomStore(database.db, { log: console.error }) : undefined);
const server = await createLikenessServer({
  store,
  rooms: membership?.rooms,
  cluster: membership?.cluster,
  port: Number(values.port),
  host: "127.0.0.1",
  models,
  yjsLimits: { messagesPerSecond: 1000, burst: 2000, addressMessagesPerSecond: 1e6, roomMessagesPerSecond: 1e6 },
  roomsPerMinute: 10_000,
  limits: { requestsPerSecond: 10_000, requestBurst: 10_000, connectionsPerSecond: 10_000, connectionBurst: 10_000 },
});
console.log(`serving at ${server.url}`);
process.on("message", (message) => {
  if (message !== "stats") return;
  const cpu = process.cpuUsage();
  process.send?.({
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage().rss,
    frames: server.models.frames,
  });
});
closeOnSignals(server, async () => membership?.leave(), console.log);
