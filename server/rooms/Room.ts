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
import { InvalidUpdateError, readUpdate, type UpdateEffects } from "./readUpdate";
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

/** Marks changes read from storage (durable already) and the server's own normalising changes. */
const FROM_STORE = Symbol("from-store");
const SERVER = Symbol("server");

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  /** which connection announced each awareness client id: no one else may change that presence */
  readonly presenceOwners = new Map<number, unknown>();
  readonly relay: DurableRelay;
  /** presence changes to the room's connections, coalesced */
  readonly presence: AwarenessFanout;
  private readonly listeners = new Set<(update: Uint8Array, origin: unknown) => void>();
  /** the live slider entries, kept from each change */
  private readonly entries: SliderEntries;
  /**
   * an upper bound of the document's encoded size: its size when last measured plus every update since
   * (measured again only when the bound passes MAX_DOCUMENT_BYTES)
   */
  private bytes = 0;

  constructor(
    readonly id: string,
    readonly latent: number,
    /** writes a change to the durable log; without it changes are relayed at once */
    persist: Persist | null = null,
  ) {
    this.relay = new DurableRelay(persist);
    this.entries = new SliderEntries(this.doc, latent);
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.presence = new AwarenessFanout(this.awareness);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_STORE) return this.relay.loaded(update);
      this.relay.change(update, origin);
      for (const listener of this.listeners) listener(update, origin);
    });
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
    this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
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
    if (this.bytes + update.byteLength > MAX_DOCUMENT_BYTES) {
      this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
      if (this.bytes + update.byteLength > MAX_DOCUMENT_BYTES)
        throw new InvalidUpdateError(`the room's document would exceed ${MAX_DOCUMENT_BYTES} bytes`);
    }
    const effects = readUpdate(this.doc, this.entries, this.latent, update);
    const refusal = check?.(effects);
    if (refusal) throw new RefusedChangeError(refusal);
    Y.applyUpdate(this.doc, update, origin);
    this.bytes += update.byteLength;
    // two people's concurrent changes of one slider leave two live entries: keep the one YKeyValue reads
    this.entries.prune(SERVER);
    return effects;
  }

  destroy(): void {
    this.relay.destroy();
    this.presence.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}
