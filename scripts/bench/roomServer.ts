/**
 * The rooms server alone (no web pages, no database) for the rooms benchmark:
 *   tsx scripts/bench/roomServer.ts [--model models/default] [--skip-decode]
 * --skip-decode replaces the decoder by a constant grey face, to separate render cost from transport.
 */
import { parseArgs } from "node:util";
import { createLikenessServer } from "../../server/createServer";
import { loadModel } from "../../server/model/artifact/modelArtifact";
import { createDecoderRuntime } from "../../server/model/runtime/createRuntime";
import type { DecoderRuntime } from "../../server/model/runtime/decoderRuntime";

const { values } = parseArgs({
  options: { model: { type: "string", default: "models/default" }, "skip-decode": { type: "boolean", default: false } },
});
const model = await loadModel(values.model);
const { width, height } = model.manifest.image;
const runtime: DecoderRuntime = values["skip-decode"]
  ? {
      backend: "none",
      decode: async (_codes, n) => new Float32Array(n * width * height * 3).fill(0.5),
      dispose: async () => {},
    }
  : await createDecoderRuntime(model.manifest.architecture, model.weights);
const server = await createLikenessServer({
  port: 0,
  host: "127.0.0.1",
  model,
  runtime,
  yjsLimits: { maxMessageBytes: 64 * 1024, messagesPerSecond: 1000, burst: 2000 },
  roomsPerMinute: 10_000,
  limits: { requestsPerSecond: 10_000, requestBurst: 10_000, connectionsPerSecond: 10_000, connectionBurst: 10_000 },
});
console.log(`serving at ${server.url}`);
process.on("SIGTERM", () => {
  void server.close().finally(() => process.exit(0));
});
