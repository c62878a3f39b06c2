/**
 * Requests and connections for a room another instance owns go to that instance: HTTP requests are
 * replayed to it and their answers streamed back; websocket upgrades (Yjs, socket.io) become a byte pipe
 * to it, so the owner sees the client's own protocol, validates and rate-limits it as if it were direct
 * (the client's address travels in X-Forwarded-For; instances trust each other's, see start-cluster).
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";

/** An owner that does not answer a connection this soon is taken for gone (its lease expires in 3 s). */
const CONNECT_TIMEOUT_MS = 3000;

const forwardedFor = (req: IncomingMessage) =>
  [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");

/** Replays an HTTP request to `ownerUrl` and streams the answer back; 502 when the owner cannot be reached. */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, ownerUrl: string): void {
  const target = new URL(ownerUrl);
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, "x-forwarded-for": forwardedFor(req) },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  // no answer in time: the owner is taken for gone; a client that leaves ends the request upstream too
  upstream.setTimeout(CONNECT_TIMEOUT_MS, () => upstream.destroy(new Error("the owner did not answer")));
  upstream.on("response", () => upstream.setTimeout(0));
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.on("error", () => {
    if (res.headersSent) return void res.destroy();
    // the owner is gone: its lease expires within seconds and the next try finds the room a new owner
    res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
    res.end(JSON.stringify({ error: "the room is moving to another server; try again in a moment" }));
  });
  req.pipe(upstream);
}

/**
 * The websocket upgrades one server pipes to other instances. They are no longer its HTTP server's, so
 * the server closes them itself when it stops.
 */
export class UpgradePipes {
  private readonly open = new Set<Duplex>();

  /** Pipes a websocket upgrade to `ownerUrl`: the request head as received, then the bytes both ways. */
  forward(req: IncomingMessage, socket: Duplex, head: Buffer, ownerUrl: string): void {
    const target = new URL(ownerUrl);
    this.open.add(socket);
    const upstream: Socket = connect(Number(target.port), target.hostname, () => {
      upstream.setTimeout(0);
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        if (req.rawHeaders[i]?.toLowerCase() !== "x-forwarded-for")
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      lines.push(`X-Forwarded-For: ${forwardedFor(req)}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.setTimeout(CONNECT_TIMEOUT_MS, () => upstream.destroy());
    const end = () => {
      this.open.delete(socket);
      upstream.destroy();
      socket.destroy();
    };
    upstream.on("error", end);
    upstream.on("close", end);
    socket.on("error", end);
    socket.on("close", end);
  }

  closeAll(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }
}
