/**
 * The room's frame socket and its joining: the room is joined on every connect, and asked for again
 * RETRY_MS after the server could not serve it (at capacity).
 */
import { io, type Socket } from "socket.io-client";
import { EVENTS, type RoomErrorMessage } from "../../../lib/frameProtocol";
import { roomKey } from "./roomKey";

/** How long to wait before asking again for a room the server could not serve. */
const RETRY_MS = 5_000;

/** A socket for the room's frames; the room in the URL too: with several servers, it goes to the one that owns the room. */
export const openFrameSocket = (roomId: string): Socket =>
  io({
    query: { room: roomId },
    transports: ["websocket"],
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
  });

export interface JoinEvents {
  connected(on: boolean): void;
  joined(): void;
  error(message: string): void;
}

/** Keeps `socket` joined to the room, telling `on` how it goes; returns what stops a retry waiting. */
export function keepJoined(socket: Socket, roomId: string, on: JoinEvents): () => void {
  const key = roomKey();
  const join = () => socket.emit(EVENTS.join, key ? { roomId, key } : { roomId });
  socket.on("connect", () => {
    on.connected(true);
    join();
  });
  socket.on("disconnect", () => on.connected(false));
  socket.on(EVENTS.joined, () => on.joined());
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on(EVENTS.error, (e: RoomErrorMessage) => {
    on.error(e.message);
    if (e.code === "unavailable") {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connected && join(), RETRY_MS);
    }
  });
  return () => clearTimeout(retry);
}
