import type { ServerResponse } from "node:http";

/** Sends a JSON answer; `T` names its wire type (lib/api/) where the API declares one. */
export function sendJson<T = unknown>(res: ServerResponse, status: number, body: T): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
