/**
 * Holds a room's changes back from everyone else until they are in the durable log: a change is relayed
 * to the other connections, added to the durable copy of the document that joining clients are sent,
 * and shown in frames only once the store has written it. So an edit that anyone has seen survives a
 * crash of the server (kill -9 included). Without a store a change is relayed at once.
 */
import * as Y from "yjs";

export type Persist = (update: Uint8Array) => Promise<void>;
export type RelayListener = (update: Uint8Array, origin: unknown) => void;

interface Unwritten {
  version: number;
  update: Uint8Array;
  origin: unknown;
  written: boolean;
}

export class DurableRelay {
  /** bumps on every change of the document */
  version = 0;
  /** every change up to this version is in the durable log */
  durableVersion = 0;
  /** the room's document as far as it is durable: what a joining client is sent */
  doc = new Y.Doc({ gc: true });
  /** while set, changes are logged only once it resolves (a rewritten document's state is being stored) */
  private gate: Promise<void> | null = null;
  private readonly unwritten: Unwritten[] = [];
  private readonly waiters: { version: number; run: () => void }[] = [];
  private readonly listeners = new Set<RelayListener>();

  constructor(private readonly persist: Persist | null) {}

  /** A change read from storage: durable already, and nobody is connected yet to relay it to. */
  loaded(update: Uint8Array): void {
    this.version++;
    this.durableVersion = this.version;
    Y.applyUpdate(this.doc, update);
  }

  /** A new change: written to the log, then relayed (in the order of the changes, whatever the writes). */
  change(update: Uint8Array, origin: unknown): void {
    this.version++;
    if (!this.persist) {
      this.durableVersion = this.version;
      Y.applyUpdate(this.doc, update);
      this.relay(update, origin);
      return;
    }
    const entry: Unwritten = { version: this.version, update, origin, written: false };
    this.unwritten.push(entry);
    // the store retries a failed write until it succeeds or the process ends: this never rejects
    const persist = this.persist;
    const written = this.gate ? this.gate.then(() => persist(update)) : persist(update);
    // a gate that fails (the room closed before its rewritten state was stored): never logged
    written.then(
      () => {
        entry.written = true;
        this.drain();
      },
      () => {},
    );
  }

  /**
   * The document was rewritten (every change durable by then): joining clients are sent `state`, and no
   * later change is logged before `written` (the rewritten state stored) resolves.
   */
  rebase(state: Uint8Array, written: Promise<void>): void {
    this.doc.destroy();
    this.doc = new Y.Doc({ gc: true });
    Y.applyUpdate(this.doc, state);
    const gate: Promise<void> = written.then(() => {
      if (this.gate === gate) this.gate = null;
    });
    gate.catch(() => {});
    this.gate = gate;
  }

  onRelay(listener: RelayListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `run` once every change up to `version` is durable (at once if it is). */
  afterDurable(version: number, run: () => void): void {
    if (version <= this.durableVersion) {
      run();
      return;
    }
    // kept in order of version (a frame may show an older version than a waiter queued before it)
    let at = this.waiters.length;
    while (at > 0 && (this.waiters[at - 1] as { version: number }).version > version) at--;
    this.waiters.splice(at, 0, { version, run });
  }

  destroy(): void {
    this.doc.destroy();
    this.listeners.clear();
    this.waiters.length = 0;
    this.unwritten.length = 0;
  }

  private drain(): void {
    while (this.unwritten[0]?.written) {
      const entry = this.unwritten.shift() as Unwritten;
      this.durableVersion = entry.version;
      Y.applyUpdate(this.doc, entry.update);
      this.relay(entry.update, entry.origin);
    }
    while (this.waiters[0] && this.waiters[0].version <= this.durableVersion) this.waiters.shift()?.run();
  }

  private relay(update: Uint8Array, origin: unknown): void {
    for (const listener of this.listeners) listener(update, origin);
  }
}
