/**
 * /api/rooms/:id/record.json: the witness session's record, hash-chained, for `npm run record:verify`;
 * /api/rooms/:id/record.html: the same as a printable report with every face shown.
 */
import type { SnapshotStore } from "../db/SnapshotStore";
import { recordReport } from "../record/recordReport";
import type { SessionRecord } from "../record/SessionRecord";
import type { LiveRoom } from "../rooms/LiveRoom";
import { PerClientLimiter } from "../rooms/rateLimiter";
import type { Gate } from "../sessions/session";
import { HttpError } from "./readJsonBody";
import { requireRoom } from "./requireRoom";
import { router } from "./router";

export interface RecordRouteDeps {
  openRoom(id: string): Promise<LiveRoom | undefined>;
  gate: Gate;
  record: SessionRecord;
  snapshots?: SnapshotStore;
}

export function recordRoutes(d: RecordRouteDeps) {
  const room = requireRoom(d.openRoom, d.gate);
  // a report renders every face shown: a few a minute per room
  const reports = new PerClientLimiter(1 / 10, 3);
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/record\.json$/,
      methods: {
        GET: async (req, res, [id]) => {
          const { entry } = await room(req, id, "record:read");
          const body = JSON.stringify(await d.record.export(entry.room.id), null, 1);
          res.writeHead(200, {
            "content-type": "application/json; charset=utf-8",
            "cache-control": "no-store",
            "content-disposition": `attachment; filename="likeness-record-${entry.room.id}.json"`,
          });
          res.end(body);
        },
      },
    },
    {
      pattern: /^\/api\/rooms\/([^/]+)\/record\.html$/,
      methods: {
        GET: async (req, res, [id]) => {
          const { entry } = await room(req, id, "record:read");
          if (!reports.take(entry.room.id))
            throw new HttpError(429, "a report was made a moment ago; wait a few seconds");
          const html = await recordReport(await d.record.export(entry.room.id), {
            name: entry.name,
            sliders: entry.room.sliders(),
            renderer: entry.renderer,
            snapshots: (await d.snapshots?.list(entry.room.id)) ?? [],
          });
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
          res.end(html);
        },
      },
    },
  ]);
}
