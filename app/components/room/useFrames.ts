"use client";

/** The room's server-rendered frames over socket.io; each frame is acknowledged once shown. */
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { EVENTS, type FrameMessage, type RoomErrorMessage } from "../../../lib/frameProtocol";
import { roomKey } from "./roomKey";

/** How long to wait before asking again for a room the server could not serve. */
const RETRY_MS = 5_000;

export interface Frames {
  url: string | null;
  seq: number;
  /** the sliders the frame shows */
  sliders: Float64Array | null;
  modelVersion: string | null;
  connected: boolean;
  error: string | null;
  /** bumps whenever someone in the room saved or deleted a snapshot */
  snapshotsVersion: number;
  /** call when the frame at `seq` has been painted */
  shown(seq: number): void;
  /** the room's socket once joined (the face array speaks over it) */
  socket: Socket | null;
}

export function useFrames(roomId: string): Frames {
  const [frame, setFrame] = useState<{
    url: string;
    seq: number;
    modelVersion: string;
    sliders: Float64Array;
  } | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [snapshotsVersion, setSnapshotsVersion] = useState(0);
  const socketRef = useRef<ReturnType<typeof io> | null>(null);
  const [joinedSocket, setJoinedSocket] = useState<Socket | null>(null);

  useEffect(() => {
    // the room in the URL too: with several servers, the connection is sent to the one that owns the room
    const socket = io({
      query: { room: roomId },
      transports: ["websocket"],
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
    });
    socketRef.current = socket;
    const key = roomKey();
    const join = () => socket.emit(EVENTS.join, key ? { roomId, key } : { roomId });
    socket.on("connect", () => {
      setConnected(true);
      join();
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on(EVENTS.joined, () => {
      setError(null);
      setJoinedSocket(socket);
    });
    let retry: ReturnType<typeof setTimeout> | undefined;
    socket.on(EVENTS.error, (e: RoomErrorMessage) => {
      setError(e.message);
      // a room that cannot be served now (server at capacity) is asked for again
      if (e.code === "unavailable") {
        clearTimeout(retry);
        retry = setTimeout(() => socket.connected && join(), RETRY_MS);
      }
    });
    socket.on(EVENTS.snapshots, () => setSnapshotsVersion((v) => v + 1));
    socket.on(EVENTS.frame, (f: FrameMessage) => {
      const url = URL.createObjectURL(new Blob([f.jpeg as Uint8Array<ArrayBuffer>], { type: "image/jpeg" }));
      setFrame((old) => {
        if (old) URL.revokeObjectURL(old.url);
        // binary over socket.io: an ArrayBuffer of float64s
        return {
          url,
          seq: f.seq,
          modelVersion: f.modelVersion,
          sliders: new Float64Array(f.sliders as unknown as ArrayBuffer),
        };
      });
    });
    return () => {
      clearTimeout(retry);
      socket.close();
      socketRef.current = null;
      setJoinedSocket(null);
      setFrame((old) => {
        if (old) URL.revokeObjectURL(old.url);
        return null;
      });
    };
  }, [roomId]);

  return {
    url: frame?.url ?? null,
    seq: frame?.seq ?? 0,
    sliders: frame?.sliders ?? null,
    modelVersion: frame?.modelVersion ?? null,
    connected,
    error,
    snapshotsVersion,
    shown: (seq) => socketRef.current?.emit(EVENTS.frameAck, { seq }),
    socket: joinedSocket,
  };
}
