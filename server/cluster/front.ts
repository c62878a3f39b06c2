/**
 * One address for several instances on one machine (npm run start:cluster): requests and websocket
 * upgrades go round-robin to the instances that are up (any instance serves any room: it forwards to the
 * room's owner); the admin area goes to the first instance, the one that runs training jobs. Behind a
 * real load balancer (nginx, docs/cluster.md) this is not needed.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { forwardRequest, UpgradePipes } from "./forwardToOwner";

export interface FrontInstance {
  url: string;
  up(): boolean;
}

const isAdmin = (req: IncomingMessage) => /^\/(admin|api\/admin)(\/|$|\?)/.test(req.url ?? "");

export function startFront(port: number, instances: FrontInstance[], host = "0.0.0.0"): Promise<Server> {
  let next = 0;
  const pipes = new UpgradePipes();
  const pick = (req: IncomingMessage): string | undefined => {
    if (isAdmin(req)) return instances[0]?.up() ? instances[0].url : undefined;
    for (let i = 0; i < instances.length; i++) {
      const candidate = instances[(next + i) % instances.length];
      if (candidate?.up()) {
        next = (next + i + 1) % instances.length;
        return candidate.url;
      }
    }
    return undefined;
  };
  const server = createServer((req, res) => {
    const target = pick(req);
    if (target) return forwardRequest(req, res, target);
    res.writeHead(503, { "content-type": "text/plain", "retry-after": "2" });
    res.end("no Likeness instance is up; try again in a moment\n");
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = pick(req);
    if (target) pipes.forward(req, socket, head, target);
    else socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
