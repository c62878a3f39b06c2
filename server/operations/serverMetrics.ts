/**
 * What an operator scrapes (Prometheus text format, prom-client): rooms and clients, edits and frames,
 * decode batches and their times, the render queue, database write latency and training runs, with the
 * process's own (CPU, memory, event loop lag, handles). One registry per server, so servers in one
 * process (tests) keep their own counts. The figures that are read off the server (rooms, clients, the
 * queue) are gauges filled in when scraped; the rest are counted as they happen.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ModelRegistry } from "../render/ModelRegistry";
import type { RoomRegistry } from "../rooms/RoomRegistry";

export type MetricsSource = () => number | Promise<number>;

export class ServerMetrics {
  readonly registry = new Registry();
  readonly edits = new Counter({
    name: "likeness_edits_total",
    help: "Room changes accepted from clients (slider moves, settings, undo)",
    registers: [this.registry],
  });
  readonly decodeBatch = new Histogram({
    name: "likeness_decode_batch_faces",
    help: "Faces per decoder call",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });
  readonly decodeSeconds = new Histogram({
    name: "likeness_decode_seconds",
    help: "Time of one decoder call (a batch of faces)",
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
    registers: [this.registry],
  });
  readonly databaseWriteSeconds = new Histogram({
    name: "likeness_database_write_seconds",
    help: "Time of one group commit of room changes to the database",
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly requests = new Counter({
    name: "likeness_http_requests_total",
    help: "HTTP requests answered, by status class",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "likeness_" });
  }

  /** A counter read when scraped from a running total (frames, counted by the renderers). */
  counter(name: string, help: string, read: () => number): void {
    let last = 0;
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        const now = read();
        if (now > last) this.inc(now - last);
        last = now;
      },
    });
  }

  /** A gauge read when scraped. */
  gauge(name: string, help: string, read: MetricsSource): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** A gauge per label value, read when scraped (training runs by status). */
  gauges(name: string, help: string, label: string, read: () => Promise<Record<string, number>>): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [value, count] of Object.entries(await read())) this.set({ [label]: value }, count);
      },
    });
  }

  /** Reads a server's rooms, clients, frames and render queue when scraped, and counts its decodes. */
  watch(server: { models: ModelRegistry; rooms: RoomRegistry; clients: () => number }): void {
    const { models, rooms } = server;
    this.counter("likeness_frames_total", "Faces rendered and sent to rooms", () => models.frames);
    this.gauge("likeness_rooms", "Rooms in memory", () => rooms.size);
    this.gauge("likeness_clients", "Connected clients: Yjs websockets and socket.io sockets", server.clients);
    this.gauge("likeness_render_queue", "Rooms and faces waiting for a decode", () => models.queued);
    models.onDecode = (faces, seconds) => {
      this.decodeBatch.observe(faces);
      this.decodeSeconds.observe(seconds);
    };
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
