/**
 * The Yjs websocket endpoint, /yjs/<roomId>, on the product's one HTTP server: a room that exists is
 * retained while its socket is open and served by serveYjs; other upgrades go to socket.io (its own
 * path) or to the fallback (Next.js's hot reload in development).
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { CLOSE_FORBIDDEN, CLOSE_MOVED } from "../../lib/closeCodes";
import { freeComponents } from "../arrays/FaceArrays";
import type { ClientAddress } from "../http/clientAddress";
import { decodeSegment, requestUrl } from "../http/requestUrl";
import { throttledLog } from "../operations/throttledLog";
import type { LiveRoom } from "../rooms/LiveRoom";
import { PerClientLimiter } from "../rooms/rateLimiter";
import { DEFAULT_YJS_LIMITS, serveYjs, type YjsLimits } from "../rooms/yjsConnection";
import type { RoomLinks } from "../sessions/RoomLinks";
import type { Gate, Session } from "../sessions/session";
import { type Admitted, admitToRoom, attend } from "./admission";
import { changeCheck } from "./changeCheck";

export interface YjsEndpointOptions {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  limits?: Partial<YjsLimits>;
  /** whether a new connection from this request's address is allowed now */
  admit(req: IncomingMessage): boolean;
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
  /** sessions and what they may do */
  gate: Gate;
  /** closes a session's socket when its link is revoked */
  links: RoomLinks;
  /** which session each socket (the origin of its changes) belongs to, for the session record */
  origins: WeakMap<object, Session>;
  fallbackUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  log(line: string): void;
}

const REFUSALS = { not_found: "404 Not Found", forbidden: "403 Forbidden", unavailable: "503 Service Unavailable" };

const refuseUpgrade = (socket: Duplex, status: string) =>
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);

/** Handles the server's websocket upgrades; the returned server's clients are the open Yjs sockets. */
export function attachYjsEndpoint(http: HttpServer, o: YjsEndpointOptions): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: (o.limits?.maxMessageBytes ?? DEFAULT_YJS_LIMITS.maxMessageBytes) + 1024,
  });
  // nothing a client sends may end the process: errors of sockets not yet upgraded end those sockets
  wss.on("error", (error) => o.log(`websocket server error: ${error.message}`));
  const dropped = throttledLog(o.log, "dropped yjs clients");
  const serve = yjsServer(o, dropped);
  http.on("upgrade", (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    const url = requestUrl(req);
    const target = roomOfUpgrade(req, socket, head, url?.pathname, o);
    if (!target) return;
    admitToRoom(o.openRoom, o.gate, req, target.roomId, "room:read")
      .then((admitted) => {
        if ("refused" in admitted) {
          if (admitted.refused === "unavailable") dropped(`room ${target.roomId} unavailable: ${admitted.message}`);
          refuseUpgrade(socket, REFUSALS[admitted.refused]);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req, admitted, url?.searchParams.get("epoch")));
      })
      .catch((error: unknown) => {
        dropped(`room ${target.segment} unavailable: ${(error as Error).message}`);
        refuseUpgrade(socket, "503 Service Unavailable");
      });
  });
  return wss;
}

/**
 * The room a /yjs/<roomId> upgrade names (and the path's segment as sent), once its address may connect;
 * undefined when the upgrade is refused here or is another endpoint's (socket.io's, or the fallback's).
 */
function roomOfUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  path: string | undefined,
  o: YjsEndpointOptions,
): { roomId: string; segment: string } | undefined {
  if (path === undefined) {
    refuseUpgrade(socket, "400 Bad Request");
    return;
  }
  const match = /^\/yjs\/([^/]+)$/.exec(path);
  if (!match) {
    // socket.io handles its own path; anything else goes to Next.js (hot reload)
    if (!path.startsWith("/socket.io")) o.fallbackUpgrade?.(req, socket, head);
    return;
  }
  if (!o.admit(req)) {
    refuseUpgrade(socket, "429 Too Many Requests");
    return;
  }
  const segment = match[1] as string;
  try {
    return { roomId: decodeSegment(segment), segment };
  } catch {
    refuseUpgrade(socket, "400 Bad Request");
    return;
  }
}

/**
 * Serves an admitted Yjs socket: the room's document under the endpoint's limits (per address and per room
 * shared by every socket), the session's changes checked, and the socket closed when the room moves or its
 * link is revoked. `epoch`: the document's generation the client holds.
 */
function yjsServer(o: YjsEndpointOptions, dropped: (line: string) => void) {
  const limits = { ...DEFAULT_YJS_LIMITS, ...o.limits };
  const perAddress = new PerClientLimiter(limits.addressMessagesPerSecond, 2 * limits.addressMessagesPerSecond);
  const perRoom = new PerClientLimiter(limits.roomMessagesPerSecond, 2 * limits.roomMessagesPerSecond);
  return (ws: WebSocket, req: IncomingMessage, admitted: Admitted, epoch: string | null | undefined) => {
    const { live, session } = admitted;
    o.origins.set(ws, session);
    const end = attend(admitted, o.links, {
      // the room moved to another instance: the client reconnects by itself, and reaches it
      moved: (reason) => ws.close(CLOSE_MOVED, reason.slice(0, 120)),
      revoked: (reason) => ws.close(CLOSE_FORBIDDEN, reason.slice(0, 120)),
    });
    ws.once("close", end);
    const address = o.clientAddress(req);
    serveYjs(ws, live.room, {
      limits,
      onError: (reason) => dropped(`yjs client of room ${live.room.id} dropped: ${reason}`),
      shared: () => perAddress.take(address) && perRoom.take(live.room.id),
      may: (action) => o.gate.may(session, action),
      check: changeCheck(
        (action) => o.gate.may(session, action),
        () => live.room.doc,
        live.room.latent,
        (settings) => freeComponents(live, settings),
      ),
      // a client that names no epoch holds a document of the first (or none at all)
      epoch: epoch && /^\d{1,9}$/.test(epoch) ? Number(epoch) : 0,
    });
  };
}
