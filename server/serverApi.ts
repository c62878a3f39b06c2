/**
 * The server's HTTP API, tried in this order: health and readiness, the local decoder, a session's own
 * routes (links, the record, fits, the admin area and its training), snapshots, rooms, and last the room
 * page's guard. A change of a room's snapshots is announced on the room's socket.io channel.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server as SocketServer } from "socket.io";
import { EVENTS } from "../lib/frameProtocol";
import type { RoomLookup } from "../lib/roomInfo";
import { adminConfig } from "./admin/adminConfig";
import { adminAccess } from "./http/adminAccess";
import { adminRoutes } from "./http/adminRoutes";
import { secureRequestOf } from "./http/clientAddress";
import { describeRoom } from "./http/describeRoom";
import { fitRoutes } from "./http/fitRoutes";
import { healthRoutes } from "./http/healthRoutes";
import { linkRoutes } from "./http/linkRoutes";
import { localDecoderRoutes } from "./http/localDecoderRoutes";
import { recordRoutes } from "./http/recordRoutes";
import { guardRoomPage } from "./http/roomPageGuard";
import { roomRoutes } from "./http/roomRoutes";
import { type SnapshotRouteDeps, snapshotRoutes } from "./http/snapshotRoutes";
import { trainingRoutes } from "./http/trainingRoutes";
import { admitToRoom } from "./realtime/admission";
import { roomChannel } from "./realtime/frameSockets";
import { actorOf } from "./record/recordHooks";
import type { ServerCore } from "./serverCore";
import type { AdminOptions, LikenessServerOptions } from "./serverOptions";

/** Answers a request of the API or the room page's guard (resolves true), or resolves false. */
export type Api = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

const ADMIN_OFF: AdminOptions = { config: adminConfig(false), store: null, sessions: null, activate: async () => {} };

const thumbnail: SnapshotRouteDeps["thumbnail"] = async ({ renderer }, sliders) =>
  (await renderer.scheduler.encoded(sliders)).jpeg;

export function serverApi(o: LikenessServerOptions, core: ServerCore, io: SocketServer): Api {
  const { openRoom, gate, clientAddress, links, record, rooms, models } = core;
  const snapshots = o.snapshots
    ? snapshotRoutes({
        snapshots: o.snapshots,
        openRoom,
        clientAddress,
        gate,
        thumbnail,
        announce: announcer(io, core),
      })
    : null;
  const lookup = roomLookup(core);
  const adminApi = adminArea(o, core);
  const sessionApi = [
    linkRoutes({ openRoom, gate, links, record, recorder: core.recording }),
    recordRoutes({ openRoom, gate, record, snapshots: o.snapshots }),
    fitRoutes({ openRoom, gate, rooms, models, record, uploadDir: o.uploadDir ?? join(tmpdir(), "likeness-uploads") }),
    ...adminApi,
  ];
  const roomApi = roomRoutes({ rooms, openRoom, models, roomsPerMinute: o.roomsPerMinute, clientAddress, gate, links });
  const health = healthRoutes({ models, checks: o.readiness ?? {} });
  const localDecoder = localDecoderRoutes({ openRoom, gate, models, clientAddress });
  return async (req, res, path) => {
    if ((await health(req, res, path)) || (await localDecoder(req, res, path))) return true;
    for (const routes of sessionApi) if (await routes(req, res, path)) return true;
    return (
      (snapshots !== null && (await snapshots(req, res, path))) ||
      (await roomApi(req, res, path)) ||
      (await guardRoomPage(req, res, path, lookup(req)))
    );
  };
}

/** The admin area's routes behind its access (server-side sessions), and its training's when it has runs. */
function adminArea(o: LikenessServerOptions, { clientAddress, models }: ServerCore): Api[] {
  const admin = o.admin ?? ADMIN_OFF;
  const access = adminAccess({ ...admin, clientAddress, secure: secureRequestOf(o.trustProxy) });
  const training = admin.training;
  const reportFile = training && ((version: string) => training.runs.reportFile(version));
  return [
    adminRoutes({ ...admin, access, models, reportFile }),
    ...(training ? [trainingRoutes({ ...training, access })] : []),
  ];
}

/** Tells a room's sockets that its snapshots changed, and writes the change in the room's witness record. */
function announcer(io: SocketServer, { record, log }: ServerCore): SnapshotRouteDeps["announce"] {
  return (entry, session, change) => {
    const roomId = entry.room.id;
    io.to(roomChannel(roomId)).emit(EVENTS.snapshots, { roomId });
    record
      .appendIfRecording(roomId, { kind: "snapshot", ...actorOf(session), data: change })
      .catch((error: unknown) => log(`session record: ${(error as Error).message}`));
  };
}

/** The room as the request's session sees it, for the room page. */
const roomLookup =
  ({ openRoom, gate, models }: ServerCore) =>
  (req: IncomingMessage): RoomLookup =>
  async (id) => {
    const admitted = await admitToRoom(openRoom, gate, req, id, "room:read");
    if ("live" in admitted) return describeRoom(admitted.live, admitted.session.role, models);
    if (admitted.refused === "not_found") return undefined;
    return admitted.refused === "forbidden" ? { refusal: admitted.message } : { unavailable: admitted.message };
  };
