/**
 * /api/rooms/:id/snapshots: save the current face with a name (thumbnail rendered), list, thumbnail,
 * delete. Every change is announced to the room so all members see the list change live.
 */
import { type DeletedSnapshot, type SnapshotSummary, saveSnapshotSchema } from "../../lib/api/snapshotApi";
import type { SnapshotStore } from "../db/SnapshotStore";
import type { LiveRoom } from "../rooms/LiveRoom";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { Gate, Session } from "../sessions/session";
import type { ClientAddress } from "./clientAddress";
import { HttpError, readJsonBody } from "./readJsonBody";
import { requireRoom } from "./requireRoom";
import { type Handler, router } from "./router";
import { sendJson } from "./sendJson";

export const MAX_SNAPSHOTS_PER_ROOM = 200;

export type SnapshotChange =
  | { action: "saved"; id: string; name: string; sliders: number[] }
  | { action: "deleted"; id: string };

export interface SnapshotRouteDeps {
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
  /** sessions and what they may do */
  gate: Gate;
  snapshots: SnapshotStore;
  openRoom(id: string): Promise<LiveRoom | undefined>;
  /** a JPEG of the sliders' face in the room's model */
  thumbnail(entry: LiveRoom, sliders: Float64Array): Promise<Uint8Array>;
  /** tells the room's members (and a witness session's record) that a snapshot was saved or deleted */
  announce(entry: LiveRoom, session: Session, change: SnapshotChange): void;
}

export function snapshotRoutes(d: SnapshotRouteDeps) {
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/snapshots$/,
      methods: { GET: listHandler(d), POST: saveHandler(d) },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/snapshots\/([A-Za-z0-9_-]{1,32})$/,
      methods: { DELETE: deleteHandler(d) },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/snapshots\/([A-Za-z0-9_-]{1,32})\/thumbnail\.jpg$/,
      methods: { GET: thumbnailHandler(d) },
    },
  ]);
}

/** The room's snapshots. */
function listHandler(d: SnapshotRouteDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  return async (req, res, [id]) => {
    sendJson<SnapshotSummary[]>(
      res,
      200,
      await d.snapshots.list((await room(req, id, "snapshots:read")).entry.room.id),
    );
  };
}

/**
 * Saves the room's face, or the sliders sent, under a name with its thumbnail, and announces it. Limited
 * per address and per room, and refused once the room holds its cap of snapshots.
 */
function saveHandler(d: SnapshotRouteDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  const saves = new PerClientLimiter(1, 20);
  // and per room, whoever saves: a room's link holders on many addresses share this
  const roomSaves = new PerClientLimiter(2, 20);
  const saving = savesUnderWay();
  return async (req, res, [id]) => {
    const { entry, session } = await room(req, id, "snapshots:write");
    const roomId = entry.room.id;
    if (!saves.take(d.clientAddress(req))) throw new HttpError(429, "too many snapshots saved at once");
    if (!roomSaves.take(roomId)) throw new HttpError(429, "too many snapshots saved in this room at once");
    const body = await readJsonBody(req, saveSnapshotSchema);
    if (body.sliders && body.sliders.length !== entry.room.latent)
      throw new HttpError(400, `a face has ${entry.room.latent} sliders, not ${body.sliders.length}`);
    // no await between this check and the count: parallel saves cannot pass it together
    if ((await d.snapshots.list(roomId)).length + saving.count(roomId) >= MAX_SNAPSHOTS_PER_ROOM) {
      throw new HttpError(409, `a room keeps at most ${MAX_SNAPSHOTS_PER_ROOM} snapshots; delete one first`);
    }
    await saving.during(roomId, async () => {
      const sliders = body.sliders ? Float64Array.from(body.sliders) : entry.room.sliders();
      const saved = await d.snapshots.save(roomId, body.name, sliders, await d.thumbnail(entry, sliders));
      d.announce(entry, session, { action: "saved", id: saved.id, name: saved.name, sliders: saved.sliders });
      sendJson<SnapshotSummary>(res, 201, saved);
    });
  };
}

/** Saves under way per room, counted against the cap with those already stored. */
function savesUnderWay() {
  const saving = new Map<string, number>();
  return {
    count: (roomId: string) => saving.get(roomId) ?? 0,
    /** runs the save counted as under way in its room until it ends */
    async during(roomId: string, save: () => Promise<void>): Promise<void> {
      saving.set(roomId, (saving.get(roomId) ?? 0) + 1);
      try {
        await save();
      } finally {
        const left = (saving.get(roomId) ?? 1) - 1;
        if (left > 0) saving.set(roomId, left);
        else saving.delete(roomId);
      }
    },
  };
}

/** Deletes a snapshot and announces it. */
function deleteHandler(d: SnapshotRouteDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  return async (req, res, [id, snapshotId]) => {
    const { entry, session } = await room(req, id, "snapshots:write");
    if (!(await d.snapshots.remove(entry.room.id, snapshotId as string))) throw new HttpError(404, "no such snapshot");
    d.announce(entry, session, { action: "deleted", id: snapshotId as string });
    sendJson<DeletedSnapshot>(res, 200, { deleted: snapshotId as string });
  };
}

/** A snapshot's thumbnail, which the browser may keep a day: a snapshot's face never changes. */
function thumbnailHandler(d: SnapshotRouteDeps): Handler {
  const room = requireRoom(d.openRoom, d.gate);
  return async (req, res, [id, snapshotId]) => {
    const jpeg = await d.snapshots.thumbnail(
      (await room(req, id, "snapshots:read")).entry.room.id,
      snapshotId as string,
    );
    if (!jpeg) throw new HttpError(404, "no such snapshot");
    res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "private, max-age=86400" });
    res.end(jpeg);
  };
}
