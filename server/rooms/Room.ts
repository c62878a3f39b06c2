/**
 * One room in memory: its Yjs document and awareness, and validation of every update before it touches
 * the document. Invalid data never reaches the document; the document is kept normal (one live entry per
 * slider) whatever clients send; changes reach other connections through the room's durable relay.
 */
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { SLIDERS, sliderKey } from "../../lib/roomDocument";
import { AwarenessFanout } from "./AwarenessFanout";
import { DurableRelay, type Persist } from "./DurableRelay";
import { normalizeDocument } from "./normalizeDocument";
import type { RoomSnapshot } from "./RoomStorage";
import { InvalidUpdateError, readUpdate, type UpdateEffects } from "./readUpdate";
import { rewriteDocument } from "./rewriteDocument";
import { SliderEntries } from "./SliderEntries";

export { InvalidUpdateError, type UpdateEffects };

/** A valid update the sender's session may not make (a locked slider, the artist's settings). */
export class RefusedChangeError extends Error {}

/** Says why an update's effects are not the sender's to make, or null when they are. */
export type ChangeCheck = (effects: UpdateEffects) => string | null;

/**
 * The most a room's document may hold, encoded. The server keeps one live entry per slider, so a room's
 * document stays a few KB; only an abuse of the format comes near this.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * When a room's document is rewritten from its live values (rewriteDocument.ts): past this many Yjs client
 * ids, or this many bytes encoded. A room's few editors keep it far below both; a connection may bring at
 * most 4 ids (yjsConnection.ts), so only many connections, or many days of reloads, come near them.
 */
export interface DocumentBounds {
  clients: number;
  bytes: number;
}
export const DOCUMENT_BOUNDS: DocumentBounds = { clients: 256, bytes: 64 * 1024 };

export interface RoomOptions {
  /** writes a change to the durable log; without it changes are relayed at once */
  persist?: Persist | null;
  /**
   * stores the document as the room's state with its epoch (the snapshot read when written), in place of
   * its log; rejects when it could not. A room stores one at a time (storeState)
   */
  store?: (snapshot: () => RoomSnapshot) => Promise<void>;
  /** the stored document's epoch */
  epoch?: number;
  bounds?: DocumentBounds;
  log?: (line: string) => void;
}

/** Marks changes read from storage (durable already) and the server's own normalising changes. */
const FROM_STORE = Symbol("from-store");
const SERVER = Symbol("server");

export class Room {
  private current = new Y.Doc({ gc: true });
  /** presence lives apart from the document: it outlasts a rewrite */
  private readonly presenceDoc = new Y.Doc();
  readonly awareness: Awareness;
  /** which connection announced each awareness client id: no one else may change that presence */
  readonly presenceOwners = new Map<number, unknown>();
  readonly relay: DurableRelay;
  /** presence changes to the room's connections, coalesced */
  readonly presence: AwarenessFanout;
  private readonly listeners = new Set<(update: Uint8Array, origin: unknown) => void>();
  private readonly resets = new Set<(epoch: number) => void>();
  /** the live slider entries, kept from each change */
  private entries: SliderEntries;
  /** how many times the document was rewritten from its live values */
  private docEpoch: number;
  /**
   * an upper bound of the document's encoded size: its size when last measured plus every update since
   * (measured again only when the bound passes a limit)
   */
  private bytes = 0;
  /** a rewrite waits for every change to be durable */
  private rewriteWaiting = false;
  private destroyed = false;
  private readonly bounds: DocumentBounds;
  /** the room's stores of its state, one after another: a rewrite's and the registry's never cross */
  private storing: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly latent: number,
    private readonly options: RoomOptions = {},
  ) {
    this.relay = new DurableRelay(options.persist ?? null);
    this.entries = this.follow(this.current);
    this.docEpoch = options.epoch ?? 0;
    this.bounds = options.bounds ?? DOCUMENT_BOUNDS;
    this.awareness = new Awareness(this.presenceDoc);
    this.awareness.setLocalState(null);
    this.presence = new AwarenessFanout(this.awareness);
  }

  /** Takes `doc`'s changes from now on: its index of live entries, and its updates to log and relay. */
  private follow(doc: Y.Doc): SliderEntries {
    doc.on("update", this.onUpdate);
    return new SliderEntries(doc, this.latent);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    // every change counts toward the bound on the document's size, whoever made it
    this.bytes += update.byteLength;
    if (origin === FROM_STORE) return this.relay.loaded(update);
    this.relay.change(update, origin);
    for (const listener of this.listeners) listener(update, origin);
  };

  /** The room's Yjs document (a rewrite replaces it: read it here each time, never keep it). */
  get doc(): Y.Doc {
    return this.current;
  }

  /** How many times the document was rewritten: a client must hold a document of this epoch. */
  get epoch(): number {
    return this.docEpoch;
  }

  /** Calls `listener` with the new epoch each time the document is rewritten (its clients must start again). */
  onReset(listener: (epoch: number) => void): () => void {
    this.resets.add(listener);
    return () => this.resets.delete(listener);
  }

  /** bumps on every accepted change of the document */
  get version(): number {
    return this.relay.version;
  }

  /**
   * Fills a new room from its stored state and log, then repairs what no client could have written (values
   * out of range, duplicates): returns the repairs, in words. Throws when the stored data is not Yjs.
   */
  load(updates: Uint8Array[]): string[] {
    for (const update of updates) Y.applyUpdate(this.doc, update, FROM_STORE);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs)
      throw new Error("the stored log misses changes that its updates depend on");
    const repairs = normalizeDocument(this.doc, SERVER);
    this.rewriteIfOver();
    return repairs;
  }

  /**
   * Sets every slider at once, in one change of the server's own: a new room's first face, or a face
   * re-projected into another model. Sliders at 0 hold no entry (they read as 0).
   */
  setFace(sliders: ArrayLike<number>): void {
    const entries = Array.from(sliders, (val, k) => ({ key: sliderKey(k), val })).filter((e) => e.val !== 0);
    this.doc.transact(() => {
      const array = this.doc.getArray(SLIDERS);
      array.delete(0, array.length);
      array.push(entries);
    }, SERVER);
  }

  /** Calls `listener` with every accepted change (before it is durable), and the connection it came from. */
  onChange(listener: (update: Uint8Array, origin: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  sliders(): Float64Array {
    return this.entries.sliders();
  }

  /**
   * Applies a client's update after reading what it would do (readUpdate.ts): throws InvalidUpdateError,
   * or RefusedChangeError when `check` refuses its effects for the sender. Costs time in proportion to the
   * update; returns its effects.
   */
  applyClientUpdate(update: Uint8Array, origin: unknown, check?: ChangeCheck): UpdateEffects {
    if (this.sizeOver(MAX_DOCUMENT_BYTES - update.byteLength))
      throw new InvalidUpdateError(`the room's document would exceed ${MAX_DOCUMENT_BYTES} bytes`);
    const effects = readUpdate(this.doc, this.entries, this.latent, update);
    const refusal = check?.(effects);
    if (refusal) throw new RefusedChangeError(refusal);
    Y.applyUpdate(this.doc, update, origin);
    // two people's concurrent changes of one slider leave two live entries: keep the one YKeyValue reads
    this.entries.prune(SERVER);
    this.rewriteIfOver();
    return effects;
  }

  /**
   * Rewrites the document from its live values once it holds more client ids or bytes than its bounds,
   * as soon as every change is durable: the rewritten state is stored (with its epoch) before any later
   * change is logged, and every connection is told to start again.
   */
  rewriteIfOver(): void {
    if (this.rewriteWaiting || this.destroyed) return;
    if (this.current.store.clients.size <= this.bounds.clients && !this.sizeOver(this.bounds.bytes)) return;
    this.rewriteWaiting = true;
    this.relay.afterDurable(this.relay.version, () => {
      this.rewriteWaiting = false;
      if (this.destroyed) return;
      if (this.relay.durableVersion < this.relay.version) this.rewriteIfOver();
      else this.rewrite();
    });
  }

  /** Whether the document's encoded size passes `limit`: measured only when the running bound passes it. */
  private sizeOver(limit: number): boolean {
    if (this.bytes <= limit) return false;
    this.bytes = Y.encodeStateAsUpdate(this.current).byteLength;
    return this.bytes > limit;
  }

  private rewrite(): void {
    const old = this.current;
    const next = rewriteDocument(old, this.entries);
    this.entries.detach();
    old.off("update", this.onUpdate);
    this.current = next;
    this.entries = this.follow(next);
    this.docEpoch++;
    const state = Y.encodeStateAsUpdate(next);
    this.bytes = state.byteLength;
    this.relay.rebase(state, this.storeRewrite());
    this.options.log?.(
      `room ${this.id}: document rewritten from its live values (epoch ${this.docEpoch}, ${old.store.clients.size} client ids before)`,
    );
    for (const listener of this.resets) listener(this.docEpoch);
    old.destroy();
  }

  /**
   * Stores the document (its state and epoch, read when written) in place of its log, after any store
   * of it still running: the registry's compactions and a rewrite's never cross.
   */
  storeState(): Promise<void> {
    const store = this.options.store;
    if (!store) return Promise.resolve();
    const next = this.storing.then(() =>
      store(() => ({ state: Y.encodeStateAsUpdate(this.current), docEpoch: this.docEpoch })),
    );
    this.storing = next.catch(() => undefined);
    return next;
  }

  /**
   * Stores the rewritten document, trying again every second while the room lives; rejects when the room
   * is destroyed first (the changes held back for it are then never logged over the old state).
   */
  private async storeRewrite(): Promise<void> {
    for (;;) {
      if (this.destroyed) throw new Error(`room ${this.id} closed before its rewritten document was stored`);
      try {
        return await this.storeState();
      } catch (error) {
        if (this.destroyed) throw error;
        this.options.log?.(`room ${this.id}: rewritten document not stored, retrying: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.relay.destroy();
    this.presence.destroy();
    this.awareness.destroy();
    this.presenceDoc.destroy();
    this.entries.detach();
    this.current.destroy();
    this.listeners.clear();
    this.resets.clear();
  }
}
