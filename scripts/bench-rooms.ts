/**
 * npm run bench:rooms [-- --json] [--rooms 1,2,4,8] [--clients 5] [--seconds 10] [--hz 30] [--model models/default]
 *   [--modes memory,sqlite,no-decode,edits] [--repeat 1] [--array-rounds 30] [--profile <dir>]
 *   [--server-root <checkout>] [--instances 1,2 --database postgres://…] (mode "cluster")
 * K rooms × M clients on loopback, every client moving a slider at `hz`: latency from a slider update to
 * the first frame that shows it at every client of the room, frames rendered, the server's CPU (per edit;
 * a frame's apart from decoding: no-decode less edits) and memory, against the decoder's own throughput;
 * then face array rounds (arrayRounds.ts). Modes, figures and options: docs/benchmarks.md. Bounded: at
 * most 128 rooms × 20 clients, 60 s per run. Mode "cluster": room r is created on instance r mod N and its
 * clients spread over all instances.
 */
import { resolve } from "node:path";
import { arrayRun } from "./bench/arrayRounds";
import { decoderThroughput } from "./bench/decoderThroughput";
import { DRAG_MS, dragTurns, PAUSE_MS } from "./bench/dragWorkload";
import { type PendingEdit, roomClient } from "./bench/roomClient";
import {
  median,
  percentile,
  SERVER_MODES,
  type ServerLaunch,
  type ServerMode,
  startCluster,
  startServer,
  stats,
  stopServer,
  sum,
} from "./bench/serverProcess";
import { parseCli, UsageError } from "./cli";
import { choice, numberOption, wholeFrom } from "./cliOptions";

const { values } = parseCli({
  command: "npm run bench:rooms --",
  summary: "Latency from a slider edit to the frame that shows it, K rooms × M clients on loopback.",
  options: {
    json: { type: "boolean", default: false, help: "print one JSON line only" },
    rooms: { type: "string", default: "1,2,4,8", value: "<k,...>", help: "room counts to run (1 to 128)" },
    clients: { type: "string", default: "5", value: "<m>", help: "clients per room (1 to 20)" },
    seconds: { type: "string", default: "10", value: "<s>", help: "length of each run (2 to 60)" },
    hz: { type: "string", default: "30", value: "<n>", help: "slider updates a second per client (1 to 60)" },
    model: { type: "string", default: "models/default", value: "<dir>", help: "the model to decode" },
    modes: {
      type: "string",
      default: "memory,sqlite,no-decode,edits",
      value: "<m,...>",
      help: "rooms in memory, in SQLite (group commit), in memory without decoding, no frames at all, cluster, drags, local",
    },
    profile: {
      type: "string",
      default: "",
      value: "<dir>",
      help: "write a CPU profile of each server run into this folder (node --cpu-prof)",
    },
    "server-root": {
      type: "string",
      default: "",
      value: "<dir>",
      help: "the checkout whose server to run (default this one): old and new side by side",
    },
    instances: {
      type: "string",
      default: "",
      value: "<n,...>",
      help: "instance counts to run in mode cluster (1 to 8; alone it means --modes cluster; default 1,2)",
    },
    database: {
      type: "string",
      default: process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "",
      value: "<postgres://…>",
      help: "cluster mode: the PostgreSQL database the instances share (default DATABASE_URL)",
    },
    repeat: { type: "string", default: "1", value: "<n>", help: "runs of every mode, interleaved (1 to 10)" },
    "array-rounds": { type: "string", default: "30", value: "<n>", help: "face array rounds to time (0 to skip)" },
  },
});
const roomCounts = values.rooms
  .split(",")
  .map((k) => numberOption("rooms", wholeFrom(1).max(128, "must be 128 or below"), k));
const clients = numberOption("clients", wholeFrom(1).max(20, "must be 20 or below"), values.clients);
const seconds = numberOption("seconds", wholeFrom(2).max(60, "must be 60 or below"), values.seconds);
/** how long the server is watched idle, clients connected, before a run */
const IDLE_SECONDS = 2;
const hz = numberOption("hz", wholeFrom(1).max(60, "must be 60 or below"), values.hz);
// y-websocket adds an exit listener per provider: many clients are many listeners, not a leak
process.setMaxListeners(0);
const log = (line: string) => {
  if (!values.json) console.log(line);
};

type Mode = ServerMode;
const launch: ServerLaunch = {
  root: values["server-root"] ? resolve(values["server-root"]) : resolve(import.meta.dirname, ".."),
  model: resolve(values.model),
  profile: values.profile ? resolve(values.profile) : undefined,
};
const modes =
  values.instances && !process.argv.includes("--modes")
    ? (["cluster"] as Mode[])
    : values.modes.split(",").map((m) => choice("modes", SERVER_MODES, m));
const repeat = numberOption("repeat", wholeFrom(1).max(10, "must be 10 or below"), values.repeat);
const instanceCounts = (values.instances || "1,2")
  .split(",")
  .map((n) => numberOption("instances", wholeFrom(1).max(8, "must be 8 or below"), n));
if (modes.includes("cluster") && !values.database.startsWith("postgres"))
  throw new UsageError("mode cluster needs --database postgres://… (or DATABASE_URL)");
const arrayRounds = numberOption("array-rounds", wholeFrom(0).max(200, "must be 200 or below"), values["array-rounds"]);

async function run(k: number, mode: Mode, n = 1) {
  const { servers, stop } =
    mode === "cluster"
      ? await startCluster(launch, n, values.database)
      : {
          servers: [await startServer(launch, mode === "drags" || mode === "local" ? "memory" : mode)],
          stop: async () => {},
        };
  // turns of drags and pauses (dragWorkload.ts): the server draws every state, or settled ones only
  const turns = mode === "drags" || mode === "local";
  const latencies: number[] = [];
  let framesReceived = 0;
  let editsSent = 0;
  const closers: (() => void)[] = [];
  const movers: (() => void)[] = [];
  for (let r = 0; r < k; r++) {
    const roomMoves: ((last: boolean) => void)[] = [];
    // the instance a room is created on owns it
    const res = await fetch(`${(servers[r % servers.length] as { url: string }).url}/api/rooms`, {
      method: "POST",
      body: "{}",
    });
    const { id } = (await res.json()) as { id: string };
    const edits: PendingEdit[] = [];
    for (let c = 0; c < clients; c++) {
      // clients spread over the instances: most reach their room through another instance
      const { url } = servers[(r * clients + c) % servers.length] as { url: string };
      const client = await roomClient({
        url,
        roomId: id,
        index: c,
        edits,
        local: mode === "local",
        onFrame: () => framesReceived++,
        onLatency: (ms) => latencies.push(ms),
      });
      const move = (last: boolean) => {
        editsSent++;
        client.move(last);
      };
      if (turns) roomMoves.push(move);
      else movers.push(() => move(false));
      closers.push(client.close);
    }
    if (turns) movers.push(dragTurns(clients, hz, r / k, (c, last) => roomMoves[c]?.(last)));
  }
  await new Promise((r) => setTimeout(r, 500));
  const all = () => Promise.all(servers.map((s) => stats(s.child)));
  // the server's CPU with every client connected and nobody editing (timers, presence renewals)
  const idleFrom = await all();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const before = await all();
  const idleCpuSeconds = (sum(before, "cpuSeconds") - sum(idleFrom, "cpuSeconds")) / IDLE_SECONDS;
  const started = performance.now();
  const clientCpu = process.cpuUsage();
  editsSent = 0;
  const timer = setInterval(() => {
    for (const move of movers) move();
  }, 1000 / hz);
  // each instance's memory, once a second: flat after warm-up, or a leak
  const memory: number[][] = servers.map(() => []);
  const sampler = setInterval(async () => {
    for (const [i, s] of (await all()).entries()) memory[i]?.push(Math.round(s.rssBytes / 2 ** 20));
  }, 1000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 300));
  const after = await all();
  const wall = (performance.now() - started) / 1000;
  const clientUsage = process.cpuUsage(clientCpu);
  const edits = editsSent;
  for (const close of closers) close();
  await Promise.all(servers.map((s) => stopServer(s.child)));
  await stop();
  latencies.sort((a, b) => a - b);
  const cpuSeconds = sum(after, "cpuSeconds") - sum(before, "cpuSeconds");
  const framesRendered = sum(after, "frames") - sum(before, "frames");
  return {
    rooms: k,
    clients,
    mode,
    instances: servers.length,
    updatesPerSecond: turns ? (k * hz * DRAG_MS) / (DRAG_MS + PAUSE_MS) : k * clients * hz,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    samples: latencies.length,
    framesRenderedPerSecond: framesRendered / wall,
    framesReceivedPerSecond: framesReceived / wall,
    serverCpuPercent: (cpuSeconds / wall) * 100,
    edits,
    /** all the server's CPU over the run divided by the edits sent */
    cpuPerEditUs: (cpuSeconds * 1e6) / Math.max(1, edits),
    /** the same, less what the server spends idle with the clients connected (measured before the run) */
    cpuPerEditNetUs: ((cpuSeconds - idleCpuSeconds * wall) * 1e6) / Math.max(1, edits),
    idleCpuPercent: idleCpuSeconds * 100,
    framesRendered,
    /** the simulated clients (this process) share the machine with the server */
    clientCpuPercent: ((clientUsage.user + clientUsage.system) / 1e6 / wall) * 100,
    serverRssMb: sum(after, "rssBytes") / 2 ** 20,
    /** each instance's memory (MB) once a second during the run */
    instanceRssMb: memory,
  };
}

// the decoder's batch throughput, measured before any server runs: what the rooms' frames are held against
const decoder = modes.some((m) => m === "memory" || m === "sqlite" || m === "cluster")
  ? await decoderThroughput(values.model)
  : null;
if (decoder)
  log(`decoder (${decoder.backend}) at batch ${decoder.batch}: ${decoder.facesPerSecond.toFixed(0)} faces/s`);
const results: Awaited<ReturnType<typeof run>>[] = [];
// repeats interleave the modes, so a noisy minute of the machine falls on all of them alike
for (let i = 0; i < repeat; i++)
  for (const mode of modes) {
    for (const k of roomCounts)
      for (const n of mode === "cluster" ? instanceCounts : [1]) {
        const r = await run(k, mode, n);
        results.push(r);
        const where =
          mode === "cluster"
            ? ` on ${n} instance(s), MB each over the run: ${r.instanceRssMb.map((m) => `${m[0]}→${m.at(-1)}`).join(", ")} |`
            : "";
        log(
          `${mode.padEnd(9)} ${String(k).padStart(2)} rooms × ${clients} clients @ ${hz} Hz:${where} ` +
            `p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms | ` +
            `${r.framesRenderedPerSecond.toFixed(0)} frames/s rendered (${(r.framesRenderedPerSecond / k).toFixed(1)} a room` +
            `${decoder && mode !== "no-decode" && mode !== "edits" ? `, ${((100 * r.framesRenderedPerSecond) / decoder.facesPerSecond).toFixed(0)}% of the decoder` : ""}) | ` +
            `server CPU ${r.serverCpuPercent.toFixed(0)}% (idle ${r.idleCpuPercent.toFixed(0)}%), ${r.cpuPerEditUs.toFixed(0)} µs an edit ` +
            `(${r.cpuPerEditNetUs.toFixed(0)} above idle), ${r.serverRssMb.toFixed(0)} MB | ` +
            `clients' CPU ${r.clientCpuPercent.toFixed(0)}%`,
        );
      }
  }
if (repeat > 1)
  for (const mode of modes)
    for (const k of roomCounts)
      for (const n of mode === "cluster" ? instanceCounts : [1]) {
        const runs = results.filter((r) => r.mode === mode && r.rooms === k && r.instances === n);
        log(
          `median of ${runs.length}: ${mode.padEnd(9)} ${String(k).padStart(2)} rooms${mode === "cluster" ? ` on ${n}` : ""}: ` +
            `p50 ${median(runs.map((r) => r.p50)).toFixed(0)} ms, p95 ${median(runs.map((r) => r.p95)).toFixed(0)} ms`,
        );
      }
// a frame's CPU apart from decoding: no-decode's CPU less the edit path's (mode edits), per frame
const frameCpu = roomCounts.flatMap((k) => {
  const of = (mode: Mode) => results.filter((r) => r.mode === mode && r.rooms === k);
  const [noDecode, editsOnly] = [of("no-decode"), of("edits")];
  if (noDecode.length === 0 || editsOnly.length === 0) return [];
  const frames = noDecode.reduce((t, r) => t + r.framesRendered, 0);
  const edits = noDecode.reduce((t, r) => t + r.edits, 0);
  const perEdit = (rs: typeof results) => rs.reduce((t, r) => t + r.cpuPerEditNetUs, 0) / rs.length;
  const ms = ((perEdit(noDecode) - perEdit(editsOnly)) * edits) / 1000 / Math.max(1, frames);
  log(`${String(k).padStart(2)} rooms: a frame's CPU apart from decoding ${ms.toFixed(2)} ms`);
  return [{ rooms: k, frameCpuMsApartFromDecoding: ms }];
});
const largestUnder150 = (mode: Mode) =>
  Math.max(0, ...results.filter((r) => r.mode === mode && r.p95 <= 150).map((r) => r.rooms));
const largestOk = largestUnder150("memory");
if (modes.includes("drags") && modes.includes("local"))
  log(
    `rooms at p95 ≤ 150 ms, people taking turns to drag: ${largestUnder150("drags")} drawn by the server, ` +
      `${largestUnder150("local")} drawn in the pages (settled frames, from when the state settled)`,
  );
const array =
  arrayRounds > 0 ? [await arrayRun(launch, arrayRounds, false), await arrayRun(launch, arrayRounds, true)] : [];
for (const a of array)
  log(
    `face array${a.blur ? " (blurred too)" : ""}: ${a.rounds} rounds of 9 faces, request to all faces received: ` +
      `p50 ${a.p50.toFixed(0)} ms, p95 ${a.p95.toFixed(0)} ms | one face alone p50 ${a.singleFaceP50.toFixed(0)} ms ` +
      `(round = ${a.ratioToSingleFace.toFixed(2)}× one face)`,
  );
console.log(
  JSON.stringify({
    clients,
    hz,
    seconds,
    decoder,
    results,
    frameCpu,
    largestRoomsWithP95Under150ms: largestOk,
    largestDragRoomsUnder150ms: { server: largestUnder150("drags"), local: largestUnder150("local") },
    array,
  }),
);
process.exit(0);
