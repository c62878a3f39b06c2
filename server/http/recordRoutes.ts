/** /api/rooms/:id/record.json: the witness session's record, hash-chained, for `npm run record:verify`. */
import type { SessionRecord } from "../record/SessionRecord";
import type { RoomEntry } from "../rooms/RoomRegistry";
import type { Gate } from "../sessions/session";
import { requireRoom } from "./requireRoom";
import { router } from "./router";

export function recordRoutes(d: {
  openRoom(id: string): Promise<RoomEntry | undefined>;
  gate: Gate;
  record: SessionRecord;
}) {
  const room = requireRoom(d.openRoom, d.gate);
  return router([
    {
      pattern: /^\/api\/rooms\/([^/]+)\/record\.json$/,
      methods: {
        GET: async (req, res, [id]) => {
          const entry = await room(req, id, "record:read");
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
  ]);
}
