"use client";

/**
 * How a room page takes the server's closing of its connection: a refused change (CLOSE_REFUSED) starts a
 * new generation from the room's state, saying why; a close for good (invalid data, a message too large)
 * says why and stays closed. A reset is carryMoves.ts's.
 */
import type { Dispatch, SetStateAction } from "react";
import { CLOSE_REFUSED, CLOSE_RESET } from "../../../lib/closeCodes";
import type { Connection } from "./roomConnection";

export interface CloseView {
  setRefused: Dispatch<SetStateAction<string | null>>;
  setClosed: Dispatch<SetStateAction<string | null>>;
  /** starts the next generation */
  restart(): void;
}

/** Shows why the server closed the connection, and starts the next generation after a refusal. */
export function followServerCloses(connection: Connection, view: CloseView): void {
  const { provider } = connection;
  provider.on("connection-close", (event: CloseEvent | null) => {
    if (event?.code !== CLOSE_REFUSED) return;
    view.setRefused(event.reason || "the server refused your last change");
    view.restart();
  });
  provider.on("closed", ({ reason, code }: { code: number; reason: string }) => {
    if (code !== CLOSE_REFUSED && code !== CLOSE_RESET) view.setClosed(reason || `closed by the server (${code})`);
  });
}
