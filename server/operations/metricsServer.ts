/**
 * GET /metrics on a port of its own, apart from the public one: by default on 127.0.0.1, so only this
 * machine (a Prometheus agent beside it, or a scraper through an SSH tunnel) reads it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerMetrics } from "./serverMetrics";

export async function serveMetrics(metrics: ServerMetrics, port: number, host: string) {
  const server = createServer((req, res) => {
    if (req.url !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("GET /metrics\n");
      return;
    }
    metrics
      .text()
      .then((text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text))
      .catch((error: unknown) => res.writeHead(500).end(String((error as Error).message)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
