"use client";

/**
 * This tab's moves carried across a reset. When the server closes with CLOSE_RESET (the room's document was
 * rewritten, or this tab's is of an older epoch), the page starts a new generation from the room's new
 * document at the new epoch; the moves the room may lack (localMoves.ts) go with it and are set again once
 * it has the room's state.
 */
import type { RefObject } from "react";
import type * as Y from "yjs";
import { CLOSE_RESET, epochOfReset } from "../../../lib/closeCodes";
import { readSliders } from "../../../lib/roomDocument";
import { LocalMoves } from "./localMoves";
import { type Connection, writePending } from "./roomConnection";
import type { Link } from "./showConnection";

/** What passes from one generation to the next: the document's epoch, and the moves to set again. */
export interface ResetCarry {
  epoch: RefObject<number>;
  moves: RefObject<Map<number, number> | null>;
  /** starts the next generation */
  restart(): void;
}

/** Notes this generation's moves, sets the carried ones again after its first sync, and carries its own on a reset. */
export function carryMovesAcrossResets(connection: Connection, latent: number, link: Link, carry: ResetCarry): void {
  const { doc, store, provider, undo, origin, pending } = connection;
  const moves = new LocalMoves();
  store.on("change", (changes: Map<string, unknown>, tr: Y.Transaction) => {
    if (tr.origin !== origin && tr.origin !== undo) return;
    for (const key of changes.keys()) moves.note(Number(key.slice(1)), link.online);
  });
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    moves.confirmed();
    // after a reset: this tab's moves the room may not have received, set again on the room's new document
    const carried = carry.moves.current;
    carry.moves.current = null;
    if (carried) {
      for (const [k, v] of carried) pending.set(k, v);
      writePending(connection);
    }
  });
  provider.on("connection-close", (event: CloseEvent | null) => {
    if (event?.code !== CLOSE_RESET) return;
    // the room's document was rewritten (or this tab's is of an older epoch): start again from it
    carry.epoch.current = epochOfReset(event.reason, carry.epoch.current);
    carry.moves.current = moves.carry(readSliders(doc, latent), pending);
    carry.restart();
  });
}
