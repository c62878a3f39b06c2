"use client";

/** The room's server-rendered frames over socket.io; each frame is acknowledged once shown. */
import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { EVENTS, type FrameMessage } from "../../../lib/frameProtocol";
import { keepJoined, openFrameSocket } from "./joinFrames";
import { replaceFrame, type ShownFrame, shownFrame } from "./shownFrame";

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
  const [frame, setFrame] = useState<ShownFrame | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [snapshotsVersion, setSnapshotsVersion] = useState(0);
  const socketRef = useRef<Socket | null>(null);
  const [joinedSocket, setJoinedSocket] = useState<Socket | null>(null);

  useEffect(() => {
    const socket = openFrameSocket(roomId);
    socketRef.current = socket;
    const stopJoining = keepJoined(socket, roomId, {
      connected: setConnected,
      joined: () => {
        setError(null);
        setJoinedSocket(socket);
      },
      error: setError,
    });
    socket.on(EVENTS.snapshots, () => setSnapshotsVersion((v) => v + 1));
    socket.on(EVENTS.frame, (f: FrameMessage) => setFrame(replaceFrame(shownFrame(f))));
    return () => {
      stopJoining();
      socket.close();
      socketRef.current = null;
      setJoinedSocket(null);
      setFrame(replaceFrame(null));
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
