/** /api/rooms (create), /api/rooms/:id (info), /api/rooms/:id/face.png (export), /api/rooms/:id/random-face
 * (Randomize's sliders) and /api/health. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { RoomInfo } from "../../lib/roomInfo";
import type { LoadedModel } from "../model/artifact/modelArtifact";
import { drawRandomFace } from "../model/randomFace";
import type { DecoderRuntime } from "../model/runtime/decoderRuntime";
import { renderPng } from "../render/renderPng";
import type { RenderScheduler } from "../render/RenderScheduler";
import type { RoomEntry, RoomRegistry } from "../rooms/RoomRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { ClientAddress } from "./clientAddress";
import { HttpError, readJsonBody } from "./readJsonBody";
import { decodeSegment, requestUrl } from "./requestUrl";
import { sendJson } from "./sendJson";

const createRoomSchema = z.object({ name: z.string().trim().max(80).optional() }).strict();
const scaleSchema = z.coerce.number().int().min(1).max(8);
const ROOMS_PER_MINUTE = 30;

export interface RoomRouteDeps {
  rooms: RoomRegistry;
  openRoom(id: string): Promise<RoomEntry | undefined>;
  roomInfo(id: string): Promise<RoomInfo | undefined>;
  runtime: DecoderRuntime;
  model: LoadedModel;
  scheduler: RenderScheduler;
  /** new rooms one address may create per minute (default 30) */
  roomsPerMinute?: number;
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
}

export function roomRoutes(d: RoomRouteDeps) {
  const perMinute = d.roomsPerMinute ?? ROOMS_PER_MINUTE;
  const creations = new PerClientLimiter(perMinute / 60, perMinute);
  // an export decodes outside the frame scheduler: one a second per address, ten at once
  const exports = new PerClientLimiter(1, 10);
  const randomFaces = new PerClientLimiter(5, 20);
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path === "/api/rooms" && req.method === "POST") {
      if (!creations.take(d.clientAddress(req))) throw new HttpError(429, `at most ${perMinute} new rooms a minute`);
      const body = await readJsonBody(req, createRoomSchema);
      const entry = await d.rooms.create(body.name ?? "");
      sendJson(res, 201, { id: entry.room.id, name: entry.name });
      return true;
    }
    const info = /^\/api\/rooms\/([^/]+)$/.exec(path);
    if (info && req.method === "GET") {
      const room = await d.roomInfo(decodeSegment(info[1] as string));
      if (!room) throw new HttpError(404, "no such room");
      sendJson(res, 200, room);
      return true;
    }
    const face = /^\/api\/rooms\/([^/]+)\/face\.png$/.exec(path);
    if (face && req.method === "GET") {
      if (!exports.take(d.clientAddress(req)))
        throw new HttpError(429, "too many exports at once; try again in a second");
      const entry = await d.openRoom(decodeSegment(face[1] as string));
      if (!entry) throw new HttpError(404, "no such room");
      const scale = scaleSchema.safeParse(requestUrl(req)?.searchParams.get("scale") ?? "1");
      if (!scale.success) throw new HttpError(400, "scale must be an integer from 1 to 8");
      const png = await renderPng(d.runtime, d.model, entry.room.sliders(), scale.data);
      res.writeHead(200, {
        "content-type": "image/png",
        "cache-control": "no-store",
        "content-disposition": 'attachment; filename="likeness-face.png"',
      });
      res.end(png);
      return true;
    }
    const random = /^\/api\/rooms\/([^/]+)\/random-face$/.exec(path);
    if (random && req.method === "GET") {
      if (!randomFaces.take(d.clientAddress(req)))
        throw new HttpError(429, "too many random faces; try again in a second");
      if (!(await d.openRoom(decodeSegment(random[1] as string)))) throw new HttpError(404, "no such room");
      const sliders = Array.from(drawRandomFace(d.model), (v) => Math.round(v * 1e4) / 1e4);
      sendJson(res, 200, { sliders });
      return true;
    }
    if (path === "/api/health") {
      const cpu = process.cpuUsage();
      sendJson(res, 200, {
        ok: true,
        model: d.model.manifest.version,
        decoder: d.runtime.backend,
        rooms: d.rooms.size,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        rssBytes: process.memoryUsage().rss,
        frames: d.scheduler.stats.frames,
      });
      return true;
    }
    return false;
  };
}
