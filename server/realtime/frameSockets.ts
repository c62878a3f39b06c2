/**
 * socket.io: viewers join a room, receive its frames (one in flight each) and acknowledge them. Every
 * incoming event counts against the socket's rate limit, unknown events included (they are dropped).
 */
import type { IncomingMessage } from "node:http";
import type { Server, Socket } from "socket.io";
import { drawsLocallySchema, EVENTS, frameAckSchema, joinSchema, type RoomErrorMessage } from "../../lib/frameProtocol";
import type { FrameSink } from "../render/FrameFanout";
import type { LiveRoom } from "../rooms/LiveRoom";
import { RateLimiter } from "../rooms/rateLimiter";
import type { RoomLinks } from "../sessions/RoomLinks";
import type { Gate, Session } from "../sessions/session";
import { type Admitted, admitToRoom, attend } from "./admission";
import { frameSink } from "./frameSink";

/** The socket.io room of a Likeness room's members (for announcements such as snapshot changes). */
export const roomChannel = (roomId: string) => `room:${roomId}`;

export interface FrameSocketOptions {
  open(id: string): Promise<LiveRoom | undefined>;
  /** whether a new connection from this request's address is allowed now */
  admit(req: IncomingMessage): boolean;
  /** sessions and what they may do */
  gate: Gate;
  /** closes a session's socket when its link is revoked */
  links: RoomLinks;
  /** more events of joined sockets (the face array) */
  events?: SocketEvents[];
}

/** A socket's room and session once it joined. */
export interface Joined {
  entry: LiveRoom;
  session: Session;
}

/** Registers a socket's handlers of more events: `joined()` is its room now (null before a join). */
export type SocketEvents = (
  socket: Socket,
  joined: () => Joined | null,
  fail: (error: RoomErrorMessage) => void,
) => void;

export function attachFrameSockets(io: Server, o: FrameSocketOptions): void {
  io.use((socket, next) => (o.admit(socket.request) ? next() : next(new Error("too many connections"))));
  io.on("connection", (socket: Socket) => serveFrameSocket(socket, o));
}

/** A joined socket's room and session, the sink its frames go through, and what ends its use of the room. */
type Watching = Joined & { sink: FrameSink; end: () => void };

/**
 * One socket: its rate limit, the room it watches (one at a time: a join leaves the last), whether its
 * page draws faces itself, its frames' acknowledgements and the events of more features.
 */
function serveFrameSocket(socket: Socket, o: FrameSocketOptions): void {
  let joined: Watching | null = null;
  /** the page draws faces itself (it says so after joining, and again after each join) */
  let drawsLocally = false;
  const fail = (error: RoomErrorMessage) => socket.emit(EVENTS.error, error);
  limitRate(socket, fail);

  const leave = () => {
    if (!joined) return;
    joined.entry.frames.remove(joined.sink);
    void socket.leave(roomChannel(joined.entry.room.id));
    joined.end();
    joined = null;
  };

  const join = async (payload: unknown) => {
    const parsed = joinSchema.safeParse(payload);
    if (!parsed.success) return fail({ code: "invalid", message: `invalid join: ${parsed.error.issues[0]?.message}` });
    const { roomId, key } = parsed.data;
    const admitted = await admitToRoom(o.open, o.gate, socket.request, roomId, "frames:watch", key);
    if ("refused" in admitted) return fail({ code: admitted.refused, message: admitted.message });
    if (!socket.connected) return;
    leave();
    joined = watchRoom(socket, admitted, o.links, fail, () => drawsLocally);
    startFrames(socket, joined);
  };
  // whatever fails in a join is the joining client's error, never an unhandled rejection
  socket.on(EVENTS.join, (payload: unknown) => {
    join(payload).catch((error: unknown) => fail({ code: "unavailable", message: (error as Error).message }));
  });

  // the page draws faces itself (or no longer): while every page of a room does, it gets settled frames
  socket.on(EVENTS.drawsLocally, (payload: unknown) => {
    const parsed = drawsLocallySchema.safeParse(payload);
    if (!parsed.success) return fail({ code: "invalid", message: "invalid drawing mode" });
    drawsLocally = parsed.data.on;
    // one who now needs the server's frames gets the current state's at once
    if (joined && !drawsLocally) joined.entry.render();
  });

  socket.on(EVENTS.frameAck, (payload: unknown) => {
    const parsed = frameAckSchema.safeParse(payload);
    if (!parsed.success) return fail({ code: "invalid", message: "invalid frame ack" });
    if (joined) joined.entry.frames.ack(joined.sink, parsed.data.seq);
  });

  for (const register of o.events ?? []) register(socket, () => joined, fail);

  socket.on("disconnect", leave);
}

/** Every event the socket sends counts against its rate limit, unknown ones included; past it, it is dropped. */
function limitRate(socket: Socket, fail: (error: RoomErrorMessage) => void): void {
  const limiter = new RateLimiter(100, 200);
  socket.use((_packet, next) => {
    if (limiter.take()) return next();
    fail({ code: "rate_limited", message: "too many messages" });
    socket.disconnect(true);
  });
}

/**
 * The socket attends the admitted room: it is closed when the room moves to another instance or its link
 * is revoked, hears the room's announcements, and has a sink for its frames.
 */
function watchRoom(
  socket: Socket,
  admitted: Admitted,
  links: RoomLinks,
  fail: (error: RoomErrorMessage) => void,
  drawsLocally: () => boolean,
): Watching {
  const { live: entry, session } = admitted;
  const end = attend(admitted, links, {
    // the room moved to another instance: the transport closes, and the client reconnects by itself
    moved: (reason) => {
      fail({ code: "unavailable", message: reason });
      socket.conn.close();
    },
    revoked: (reason) => {
      fail({ code: "forbidden", message: reason });
      socket.disconnect(true);
    },
  });
  void socket.join(roomChannel(entry.room.id));
  return { entry, session, sink: frameSink(socket, session, drawsLocally), end };
}

/** Tells the socket it joined, and adds it to the room's frames; the room renders if it has no frame yet. */
function startFrames(socket: Socket, { entry, session, sink }: Watching): void {
  socket.data.role = session.role;
  socket.emit(EVENTS.joined, { roomId: entry.room.id, name: entry.name, latent: entry.room.latent });
  entry.frames.add(sink);
  if (!entry.frames.current) entry.render();
}
