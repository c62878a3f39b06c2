/**
 * One connection's side of the Yjs sync. The server opens it with the durable document's state vector; a
 * client's state vector is answered with the durable document; a client's updates are applied to the room, which checks them, with at most so many Yjs
 * client ids brought in by one connection; the room's other changes are relayed once durable.
 */
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import { CLOSE_FORBIDDEN } from "../../lib/closeCodes";
import type { Action } from "../sessions/session";
import type { ConnectionSocket } from "./connectionSocket";
import { type ChangeCheck, InvalidUpdateError, type Room } from "./Room";
import { changesNothing, ProtocolError, syncMessage } from "./yjsProtocol";

export interface SyncRules {
  /** whether the connection's session may take the action */
  may: (action: Action) => boolean;
  /** whether an edit is the session's to make */
  check?: ChangeCheck;
  /** the Yjs client ids one connection may bring into the room */
  maxClientIds: number;
}

export class ConnectionSync {
  /** Yjs client ids this connection brought into the room */
  private readonly introduced = new Set<number>();

  constructor(
    private readonly room: Room,
    private readonly ws: WebSocket,
    private readonly socket: ConnectionSocket,
    private readonly rules: SyncRules,
  ) {}

  /** The server opens the sync: its durable state vector. */
  open(): void {
    this.socket.send(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, this.room.relay.doc)));
  }

  /** Relays another connection's change, durable now, to this one. */
  readonly relay = (update: Uint8Array, origin: unknown) => {
    if (origin === this.ws) return;
    this.socket.send(syncMessage((encoder) => syncProtocol.writeUpdate(encoder, update)));
  };

  /** Reads a sync message of the client, its type already read. */
  receive(decoder: decoding.Decoder): void {
    const sub = decoding.readVarUint(decoder);
    if (sub === syncProtocol.messageYjsSyncStep1) {
      if (!this.rules.may("room:read")) {
        this.socket.close(CLOSE_FORBIDDEN, "not allowed: room:read");
        return;
      }
      // a joining client is sent the durable document: what it sees survives a crash, like every
      // relayed change (the changes still being written reach it through the relay)
      const stateVector = decoding.readVarUint8Array(decoder);
      this.socket.send(
        syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, this.room.relay.doc, stateVector)),
      );
    } else if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
      this.applyUpdate(decoding.readVarUint8Array(decoder));
    } else throw new ProtocolError(`unknown sync message ${sub}`);
  }

  /** Applies a client's update to the room, or closes the connection when its session may not edit. */
  private applyUpdate(update: Uint8Array): void {
    const { may, check, maxClientIds } = this.rules;
    if (!may("room:edit")) {
      // a client that may not edit still answers the server's sync with its (empty) changes
      if (!changesNothing(update)) this.socket.close(CLOSE_FORBIDDEN, "not allowed: room:edit");
      return;
    }
    const { newClients } = this.room.applyClientUpdate(update, this.ws, (effects) => {
      const fresh = effects.newClients.filter((id) => !this.introduced.has(id)).length;
      if (fresh > 0 && this.introduced.size + fresh > maxClientIds)
        throw new InvalidUpdateError(`more than ${maxClientIds} Yjs client ids on one connection (a client keeps one)`);
      return check?.(effects) ?? null;
    });
    for (const id of newClients) this.introduced.add(id);
  }
}
