"use client";

/**
 * A room page's connection to its room, one generation after another (a refused change or a reset starts a
 * new one from the room's state), and what the page shows of it. The tab's presence says who it is.
 */
import { useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { readSessionSettings, type SessionSettings } from "../../../lib/sessionSettings";
import type { Identity } from "../identity";
import { carryMovesAcrossResets } from "./carryMoves";
import { closeConnection, openConnection } from "./openConnection";
import type { Connection } from "./roomConnection";
import { followPeers } from "./roomPeers";
import type { ConnectionState, Peer } from "./roomSync";
import { followServerCloses } from "./serverCloses";
import { showConnection } from "./showConnection";

/** `epoch`: the room document's epoch as the page was given it (a reset brings the new one). */
export function useRoomConnection(roomId: string, latent: number, identity: Identity, epoch: number) {
  const [values, setValues] = useState<Float64Array>(() => new Float64Array(latent));
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [ready, setReady] = useState(false);
  const [closed, setClosed] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [settings, setSettings] = useState<SessionSettings>(() => readSessionSettings(new Y.Doc(), latent));
  const [generation, setGeneration] = useState(0);
  const [queuedEdits, setQueuedEdits] = useState(0);
  const [peers, setPeers] = useState<Peer[]>([]);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const ref = useRef<Connection | null>(null);
  const identityRef = useRef(identity);
  identityRef.current = identity;
  const epochRef = useRef(epoch);
  /** this tab's moves the room may lack, carried into the next generation after a reset */
  const carried = useRef<Map<number, number> | null>(null);

  useEffect(() => {
    // a new generation is a new connection from the room's state
    void generation;
    const connection = openConnection(roomId, epochRef.current);
    ref.current = connection;
    connection.provider.awareness.setLocalStateField("user", identityRef.current);
    setReady(false);
    setClosed(null);
    const restart = () => setGeneration((g) => g + 1);
    const view = { setValues, setSettings, setHistory, setConnection, setReady, setQueuedEdits };
    const link = showConnection(connection, latent, view);
    carryMovesAcrossResets(connection, latent, link, { epoch: epochRef, moves: carried, restart });
    followServerCloses(connection, { setRefused, setClosed, restart });
    const stopPeers = followPeers(connection, setPeers);
    return () => {
      stopPeers();
      closeConnection(connection);
      ref.current = null;
    };
  }, [roomId, latent, generation]);

  useEffect(() => {
    ref.current?.provider.awareness.setLocalStateField("user", identity);
  }, [identity]);

  const shown = { values, connection, ready, closed, refused, settings, queuedEdits, peers, ...history };
  return { ref, setValues, shown };
}
