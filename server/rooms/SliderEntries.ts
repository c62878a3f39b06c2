/**
 * The live entries of a room's sliders array, indexed by slider key and by Yjs id, kept up to date from
 * each transaction's own insertions and deletions: reading a slider, checking what an update deletes and
 * pruning superseded entries all cost time in proportion to the change, never to the document (whose
 * array also holds every deleted entry's tombstone).
 */
import * as Y from "yjs";
import { componentOfKey, SLIDERS, type SliderEntry } from "../../lib/roomDocument";
import { type Range, within } from "./clockRanges";

/** One value of the sliders array: its Yjs id (client, clock) and content. */
export interface LiveEntry {
  client: number;
  clock: number;
  key: string;
  val: unknown;
}

const idOf = (client: number, clock: number) => `${client}:${clock}`;

export class SliderEntries {
  /** every live entry by id */
  private readonly byId = new Map<string, LiveEntry>();
  /** the live entries of each key */
  private readonly byKey = new Map<string, Set<LiveEntry>>();
  /** the live entries of each Yjs client */
  private readonly byClient = new Map<number, Set<LiveEntry>>();
  /** keys that gained an entry since the last prune: the only ones that can hold two */
  private readonly crowded = new Set<string>();
  private readonly values: Float64Array;
  private readonly array: Y.Array<SliderEntry>;
  private readonly onTransaction = (tr: Y.Transaction) => this.follow(tr);

  constructor(
    private readonly doc: Y.Doc,
    private readonly latent: number,
  ) {
    this.values = new Float64Array(latent);
    this.array = doc.getArray<SliderEntry>(SLIDERS);
    for (let item = this.array._start; item; item = item.right) this.addItem(item, 0, item.length);
    for (const key of this.byKey.keys()) this.settle(key);
    doc.on("afterTransaction", this.onTransaction);
  }

  /** The slider values (components never set read 0); a copy. */
  sliders(): Float64Array {
    return this.values.slice();
  }

  /** How many live entries `key` holds. */
  count(key: string): number {
    return this.byKey.get(key)?.size ?? 0;
  }

  /** The live entries of `key`. */
  liveOf(key: string): LiveEntry[] {
    return [...(this.byKey.get(key) ?? [])];
  }

  /** The live entry with this id, if there is one. */
  private at(client: number, clock: number): LiveEntry | undefined {
    return this.byId.get(idOf(client, clock));
  }

  /**
   * The live entries of `client` that its deleted `ranges` (sorted and merged, as Yjs's delete sets and
   * readUpdate's are) cover: found by clock when the ranges are short, else by the client's own entries
   * (the cost follows the smaller of the two).
   */
  covered(client: number, merged: readonly Range[]): Set<LiveEntry> {
    const hits = new Set<LiveEntry>();
    const own = this.byClient.get(client);
    if (!own) return hits;
    if (merged.reduce((n, r) => n + r.len, 0) <= own.size)
      for (const { clock, len } of merged)
        for (let c = clock; c < clock + len; c++) {
          const entry = this.at(client, c);
          if (entry) hits.add(entry);
        }
    else for (const entry of own) if (within(merged, entry.clock)) hits.add(entry);
    return hits;
  }

  /** The entry a reader of the array takes for `key` (the last one in the array), if any. */
  current(key: string): LiveEntry | undefined {
    let last: LiveEntry | undefined;
    for (const entry of this.byKey.get(key) ?? []) last = last === undefined || this.before(last, entry) ? entry : last;
    return last;
  }

  /** Every key's current entry, in order of key. */
  liveEntries(): LiveEntry[] {
    return [...this.byKey.keys()].sort().flatMap((key) => {
      const entry = this.current(key);
      return entry ? [entry] : [];
    });
  }

  /** Stops following the document (it is being replaced). */
  detach(): void {
    this.doc.off("afterTransaction", this.onTransaction);
  }

  /**
   * Deletes every entry a later one of the same key supersedes, in one transaction of `origin`: after
   * two people's concurrent changes of one slider meet, one entry is left.
   */
  prune(origin: unknown): void {
    const superseded: LiveEntry[] = [];
    for (const key of this.crowded) {
      const set = this.byKey.get(key);
      if (!set || set.size < 2) continue;
      const keep = this.current(key);
      for (const entry of set) if (entry !== keep) superseded.push(entry);
    }
    this.crowded.clear();
    if (superseded.length === 0) return;
    this.doc.transact((tr) => {
      for (const entry of superseded) {
        const id = Y.createID(entry.client, entry.clock);
        Y.getItemCleanStart(tr, id);
        Y.getItemCleanEnd(tr, this.doc.store, id).delete(tr);
      }
    }, origin);
  }

  /** Takes a transaction's deletions, then its insertions (an entry both made and deleted never shows). */
  private follow(tr: Y.Transaction): void {
    const touched = new Set<string>();
    for (const [client, ranges] of tr.deleteSet.clients)
      for (const entry of this.covered(client, ranges)) this.remove(entry, touched);
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = this.doc.store.clients.get(client) ?? [];
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i] as Y.Item | Y.GC;
        if (struct.id.clock >= after) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const from = Math.max(0, before - struct.id.clock);
        const to = Math.min(struct.length, after - struct.id.clock);
        for (const key of this.addItem(struct, from, to)) touched.add(key);
      }
    }
    for (const key of touched) this.settle(key);
  }

  /** Indexes values [from, to) of an item of the sliders array; returns their keys. */
  private addItem(item: Y.Item, from: number, to: number): string[] {
    if (item.deleted || item.parent !== this.array || item.parentSub !== null) return [];
    if (!(item.content instanceof Y.ContentAny)) return [];
    const keys: string[] = [];
    for (let offset = from; offset < to; offset++) {
      const value = item.content.arr[offset] as Partial<SliderEntry> | null;
      if (typeof value !== "object" || value === null || typeof value.key !== "string") continue;
      const entry: LiveEntry = {
        client: item.id.client,
        clock: item.id.clock + offset,
        key: value.key,
        val: value.val,
      };
      this.byId.set(idOf(entry.client, entry.clock), entry);
      const set = this.byKey.get(entry.key) ?? new Set();
      set.add(entry);
      this.byKey.set(entry.key, set);
      const ofClient = this.byClient.get(entry.client) ?? new Set();
      ofClient.add(entry);
      this.byClient.set(entry.client, ofClient);
      if (set.size > 1) this.crowded.add(entry.key);
      keys.push(entry.key);
    }
    return keys;
  }

  private remove(entry: LiveEntry | undefined, touched: Set<string>): void {
    if (!entry) return;
    this.byId.delete(idOf(entry.client, entry.clock));
    const set = this.byKey.get(entry.key);
    set?.delete(entry);
    if (set?.size === 0) this.byKey.delete(entry.key);
    const ofClient = this.byClient.get(entry.client);
    ofClient?.delete(entry);
    if (ofClient?.size === 0) this.byClient.delete(entry.client);
    touched.add(entry.key);
  }

  /** Reads the key's value again from its current entry. */
  private settle(key: string): void {
    const k = componentOfKey(key, this.latent);
    if (k === undefined) return;
    const val = this.current(key)?.val;
    this.values[k] = typeof val === "number" && Number.isFinite(val) ? val : 0;
  }

  /**
   * Whether `a` comes before `b` in the array. Walks right from both at once: the one that reaches the
   * other is the earlier, the one that reaches the end the later; entries are appended at the end, so this
   * is short.
   */
  private before(a: LiveEntry, b: LiveEntry): boolean {
    const itemA = Y.getItem(this.doc.store, Y.createID(a.client, a.clock));
    const itemB = Y.getItem(this.doc.store, Y.createID(b.client, b.clock));
    if (itemA === itemB) return a.clock < b.clock;
    let fromA: Y.Item | null = itemA.right;
    let fromB: Y.Item | null = itemB.right;
    for (;;) {
      if (fromA === itemB || fromB === null) return true;
      if (fromB === itemA || fromA === null) return false;
      fromA = fromA.right;
      fromB = fromB.right;
    }
  }
}
