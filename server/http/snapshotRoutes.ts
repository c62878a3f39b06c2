/**
 * /api/rooms/:id/snapshots: save the current face with a name (thumbnail rendered), list, thumbnail,
 * delete. Every change is announced to the room so all members see the list change live.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SnapshotStore } from "../db/SnapshotStore";
import type { RoomEntry } from "../rooms/RoomRegistry";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { ClientAddress } from "./clientAddress";
import { HttpError, readJsonBody } from "./readJsonBody";
import { decodeSegment } from "./requestUrl";
import { sendJson } from "./sendJson";

const saveSchema = z.object({ name: z.string().trim().min(1).max(80) }).strict();
export const MAX_SNAPSHOTS_PER_ROOM = 200;

export interface SnapshotRouteDeps {
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
  snapshots: SnapshotStore;
  openRoom(id: string): Promise<RoomEntry | undefined>;
  thumbnail(sliders: Float64Array): Promise<Uint8Array>;
  announce(roomId: string): void;
}

export function snapshotRoutes(d: SnapshotRouteDeps) {
  const saves = new PerClientLimiter(1, 20);
  // saves under way per room, counted against the cap with those already stored
  const saving = new Map<string, number>();
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const m = /^\/api\/rooms\/([^/]+)\/snapshots(?:\/([A-Za-z0-9_-]{1,32})(\/thumbnail\.jpg)?)?$/.exec(path);
    if (!m) return false;
    const entry = await d.openRoom(decodeSegment(m[1] as string));
    if (!entry) throw new HttpError(404, "no such room");
    const roomId = entry.room.id;
    const snapshotId = m[2];
    if (!snapshotId && req.method === "GET") {
      sendJson(res, 200, await d.snapshots.list(roomId));
    } else if (!snapshotId && req.method === "POST") {
      if (!saves.take(d.clientAddress(req))) throw new HttpError(429, "too many snapshots saved at once");
      const { name } = await readJsonBody(req, saveSchema);
      // no await between this check and the count: parallel saves cannot pass it together
      if ((await d.snapshots.list(roomId)).length + (saving.get(roomId) ?? 0) >= MAX_SNAPSHOTS_PER_ROOM) {
        throw new HttpError(409, `a room keeps at most ${MAX_SNAPSHOTS_PER_ROOM} snapshots; delete one first`);
      }
      saving.set(roomId, (saving.get(roomId) ?? 0) + 1);
      try {
        const sliders = entry.room.sliders();
        const saved = await d.snapshots.save(roomId, name, sliders, await d.thumbnail(sliders));
        d.announce(roomId);
        sendJson(res, 201, saved);
      } finally {
        const left = (saving.get(roomId) ?? 1) - 1;
        if (left > 0) saving.set(roomId, left);
        else saving.delete(roomId);
      }
    } else if (snapshotId && m[3] && req.method === "GET") {
      const jpeg = await d.snapshots.thumbnail(roomId, snapshotId);
      if (!jpeg) throw new HttpError(404, "no such snapshot");
      res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "private, max-age=86400" });
      res.end(jpeg);
    } else if (snapshotId && !m[3] && req.method === "DELETE") {
      if (!(await d.snapshots.remove(roomId, snapshotId))) throw new HttpError(404, "no such snapshot");
      d.announce(roomId);
      sendJson(res, 200, { deleted: snapshotId });
    } else throw new HttpError(405, "method not allowed");
    return true;
  };
}
