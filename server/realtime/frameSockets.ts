/**
 * socket.io: viewers join a room, receive its frames (one in flight each) and acknowledge them. Every
 * incoming event counts against the socket's rate limit, unknown events included (they are dropped).
 */
import type { IncomingMessage } from "node:http";
import type { Server, Socket } from "socket.io";
import { EVENTS, frameAckSchema, joinSchema, type RoomErrorMessage } from "../../lib/frameProtocol";
import { seesBlurred } from "../../lib/sessionSettings";
import type { FrameSink, RoomFrame } from "../render/FrameFanout";
import type { RoomEntry, RoomRegistry } from "../rooms/RoomRegistry";
import { RateLimiter } from "../rooms/rateLimiter";
import type { RoomLinks } from "../sessions/RoomLinks";
import type { Gate, Session } from "../sessions/session";

/** The socket.io room of a Likeness room's members (for announcements such as snapshot changes). */
export const roomChannel = (roomId: string) => `room:${roomId}`;

export interface FrameSocketOptions {
  registry: RoomRegistry;
  open(id: string): Promise<RoomEntry | undefined>;
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
  entry: RoomEntry;
  session: Session;
}

/** Registers a socket's handlers of more events: `joined()` is its room now (null before a join). */
export type SocketEvents = (
  socket: Socket,
  joined: () => Joined | null,
  fail: (error: RoomErrorMessage) => void,
) => void;

export function attachFrameSockets(io: Server, o: FrameSocketOptions): void {
  const registry = o.registry;
  io.use((socket, next) => (o.admit(socket.request) ? next() : next(new Error("too many connections"))));
  io.on("connection", (socket: Socket) => {
    const limiter = new RateLimiter(100, 200);
    let joined: (Joined & { sink: FrameSink; detach: () => void; close: (reason: string) => void }) | null = null;
    const fail = (error: RoomErrorMessage) => socket.emit(EVENTS.error, error);
    socket.use((_packet, next) => {
      if (limiter.take()) return next();
      fail({ code: "rate_limited", message: "too many messages" });
      socket.disconnect(true);
    });

    const leave = () => {
      if (!joined) return;
      joined.entry.frames.remove(joined.sink);
      joined.detach();
      void socket.leave(roomChannel(joined.entry.room.id));
      registry.release(joined.entry.room.id, joined.close);
      joined = null;
    };

    const join = async (payload: unknown) => {
      const parsed = joinSchema.safeParse(payload);
      if (!parsed.success)
        return fail({ code: "invalid", message: `invalid join: ${parsed.error.issues[0]?.message}` });
      let entry: RoomEntry | undefined;
      try {
        entry = await o.open(parsed.data.roomId);
      } catch (error) {
        // the room exists but cannot be served now (at capacity, or its stored data failed to load)
        return fail({ code: "unavailable", message: (error as Error).message });
      }
      if (!entry) return fail({ code: "not_found", message: "no such room" });
      const session = await o.gate.open(socket.request, entry.room.id, parsed.data.key);
      if (!o.gate.may(session, "frames:watch"))
        return fail({ code: "forbidden", message: session.refusal ?? "not allowed: frames:watch" });
      if (!socket.connected) return;
      leave();
      // the room moved to another instance: the transport closes, and the client reconnects by itself
      const close = (reason: string) => {
        fail({ code: "unavailable", message: reason });
        socket.conn.close();
      };
      registry.retain(entry.room.id, close);
      void socket.join(roomChannel(entry.room.id));
      const sink: FrameSink = {
        send: ({ blurred, ...frame }: RoomFrame) => {
          const jpeg = blurred && seesBlurred(blurred.mode, session.role) ? blurred.jpeg : frame.jpeg;
          socket.compress(false).emit(EVENTS.frame, { ...frame, jpeg: Buffer.from(jpeg) });
        },
      };
      const detach = o.links.attach(session.linkId, (reason) => {
        fail({ code: "forbidden", message: reason });
        socket.disconnect(true);
      });
      joined = { entry, session, sink, detach, close };
      socket.data.role = session.role;
      socket.emit(EVENTS.joined, { roomId: entry.room.id, name: entry.name, latent: entry.room.latent });
      entry.frames.add(sink);
      if (!entry.frames.current) entry.render();
    };
    // whatever fails in a join is the joining client's error, never an unhandled rejection
    socket.on(EVENTS.join, (payload: unknown) => {
      join(payload).catch((error: unknown) => fail({ code: "unavailable", message: (error as Error).message }));
    });

    socket.on(EVENTS.frameAck, (payload: unknown) => {
      const parsed = frameAckSchema.safeParse(payload);
      if (!parsed.success) return fail({ code: "invalid", message: "invalid frame ack" });
      if (joined) joined.entry.frames.ack(joined.sink, parsed.data.seq);
    });

    for (const register of o.events ?? []) register(socket, () => joined, fail);

    socket.on("disconnect", leave);
  });
}
