/**
 * What every part of one server shares, built once from its options: the role links, the witness sessions'
 * record, the gate that opens each request's session, the face arrays, the operators' metrics, and the room
 * registry with its hooks: the record hears who made each change, the edits are counted, and a room's
 * links and face array are forgotten when it unloads.
 */
import { roomIdSchema } from "../lib/frameProtocol";
import { FaceArrays } from "./arrays/FaceArrays";
import { type ClientAddress, clientAddressOf } from "./http/clientAddress";
import { requestKey } from "./http/requestUrl";
import type { Log } from "./operations/logger";
import { ServerMetrics } from "./operations/serverMetrics";
import { type Recorder, recorder } from "./record/recordHooks";
import { SessionRecord } from "./record/SessionRecord";
import type { ModelRegistry } from "./render/ModelRegistry";
import type { LiveRoom } from "./rooms/LiveRoom";
import { RoomRegistry } from "./rooms/RoomRegistry";
import type { LikenessServerOptions } from "./serverOptions";
import { RoomLinks } from "./sessions/RoomLinks";
import { byRole } from "./sessions/roles";
import { createGate, type Gate, type Session } from "./sessions/session";

export interface ServerCore {
  log: Log;
  models: ModelRegistry;
  links: RoomLinks;
  record: SessionRecord;
  /** the address a request's per-client limits count against */
  clientAddress: ClientAddress;
  /** sessions and what they may do */
  gate: Gate;
  arrays: FaceArrays;
  metrics: ServerMetrics;
  rooms: RoomRegistry;
  /** a valid id of an existing room (loaded from the database if needed), else undefined */
  openRoom(id: string): Promise<LiveRoom | undefined>;
  /** the record of witness sessions' rooms: their changes, and who made them */
  recording: Recorder;
  /** which session each Yjs socket is: the record says who made each change */
  origins: WeakMap<object, Session>;
}

export function serverCore(o: LikenessServerOptions): ServerCore {
  const log = o.log ?? (() => {});
  const links = new RoomLinks(o.links ?? null);
  const record = new SessionRecord(o.record, log);
  const clientAddress = clientAddressOf(o.trustProxy);
  const gate = createGate(clientAddress, requestKey, o.authorize ?? byRole, links);
  const arrays = new FaceArrays(record, gate.may);
  const origins = new WeakMap<object, Session>();
  const recording = recorder(record, (origin) =>
    origin !== null && typeof origin === "object" ? origins.get(origin) : undefined,
  );
  const metrics = o.metrics ?? new ServerMetrics();
  const rooms = roomRegistry(o, { links, arrays, recording, metrics });
  const openRoom = async (id: string): Promise<LiveRoom | undefined> => {
    const parsed = roomIdSchema.safeParse(id);
    if (!parsed.success) return undefined;
    return rooms.open(parsed.data);
  };
  return {
    log,
    models: o.models,
    links,
    record,
    clientAddress,
    gate,
    arrays,
    metrics,
    rooms,
    openRoom,
    recording,
    origins,
  };
}

/** The room registry, its hooks first (the record, forgetting, the edits metric) and then the options' own. */
function roomRegistry(
  o: LikenessServerOptions,
  { links, arrays, recording, metrics }: Pick<ServerCore, "links" | "arrays" | "recording" | "metrics">,
): RoomRegistry {
  const counted = { onChange: () => metrics.edits.inc() };
  const forget = {
    onUnload: ({ room }: LiveRoom) => {
      links.forget(room.id);
      arrays.forget(room.id);
    },
  };
  return new RoomRegistry(o.models, o.store ?? null, {
    log: o.log,
    ...o.rooms,
    hooks: [recording.hooks, forget, counted, ...(o.rooms?.hooks ?? [])],
  });
}
