/**
 * Decides about a client's Yjs update from its own content, before it touches the room's document: its
 * structs (what it inserts, where) and its deletions are read and checked against the document's state
 * vector and the index of live slider entries, in time proportional to the update, never to the
 * document. An update is refused whole when it
 * - depends on changes the room does not have (a gap in a client's clocks, an origin or a deletion
 *   beyond what the room and the update hold);
 * - adds anything but valid { key, val } entries to the sliders array and valid settings to the session
 *   map (no other shared type, no nested type, no formatting, no map entries on the array);
 * - would leave a slider more than MAX_ENTRIES_PER_SLIDER live entries.
 * Otherwise it says which sliders the update moves and whether it changes the session's settings, for
 * the sender's permissions to be checked against.
 */
import * as Y from "yjs";
import { entryProblem, MAX_ENTRIES_PER_SLIDER, SLIDERS, tooManyEntries } from "../../lib/roomDocument";
import { SESSION, sessionValueProblem } from "../../lib/sessionSettings";
import type { LiveEntry, SliderEntries } from "./SliderEntries";

export class InvalidUpdateError extends Error {
  constructor(problem: string) {
    super(`invalid update: ${problem}`);
    this.name = "InvalidUpdateError";
  }
}

/** What an accepted update changes. */
export interface UpdateEffects {
  /** components whose value the update changes */
  moved: number[];
  /** whether it changes the session's settings */
  settings: boolean;
  /** Yjs client ids the room had never seen */
  newClients: number[];
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** Where an item lands: its root type's name and map key; root null: next to a collected struct (dropped). */
type Place = { root: string | null; sub: string | null };

const MISSING = "it depends on changes the room does not have";
const componentOf = (key: string) => Number(key.slice(1));

/** The struct of `list` (one client's, in order of clock) that holds `clock`, by binary search. */
function holding(list: Struct[], clock: number): Struct | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid] as Struct;
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

export function readUpdate(doc: Y.Doc, entries: SliderEntries, latent: number, update: Uint8Array): UpdateEffects {
  let decoded: { structs: Struct[]; ds: ReturnType<typeof Y.decodeUpdate>["ds"] };
  try {
    decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: ReturnType<typeof Y.decodeUpdate>["ds"] };
  } catch (error) {
    throw new InvalidUpdateError(`not a Yjs update (${(error as Error).message.slice(0, 60)})`);
  }
  const docState = (client: number) => Y.getState(doc.store, client);
  const byClient = new Map<number, Struct[]>();
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) throw new InvalidUpdateError(MISSING);
    const list = byClient.get(s.id.client) ?? [];
    const last = list.at(-1);
    if (last ? s.id.clock !== last.id.clock + last.length : s.id.clock > docState(s.id.client))
      throw new InvalidUpdateError(MISSING);
    list.push(s);
    byClient.set(s.id.client, list);
  }
  const knownEnd = (client: number) => {
    const last = byClient.get(client)?.at(-1);
    return Math.max(docState(client), last ? last.id.clock + last.length : 0);
  };

  const places = new Map<Y.Item, Place>();
  /** the struct an origin names: in the room's document or in the update */
  const find = (id: Y.ID): Struct => {
    if (id.clock < docState(id.client)) return Y.getItem(doc.store, id) as Y.Item | Y.GC;
    const s = holding(byClient.get(id.client) ?? [], id.clock);
    if (!s) throw new InvalidUpdateError(MISSING);
    return s;
  };
  const placeInDoc = (item: Y.Item): Place => {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent._item !== null) throw new InvalidUpdateError("nested shared types are not part of a room's document");
    return { root: Y.findRootTypeKey(parent), sub: item.parentSub };
  };
  /** Where an item of the update lands, as Yjs decides it; iterative: origins may chain through the update. */
  const placeOf = (item: Y.Item): Place => {
    const stack = [item];
    const inProgress = new Set<Y.Item>();
    while (stack.length > 0) {
      const top = stack.at(-1) as Y.Item;
      if (places.has(top)) {
        stack.pop();
        continue;
      }
      let place: Place | undefined;
      if (typeof top.parent === "string") place = { root: top.parent, sub: top.parentSub };
      else if (top.parent) throw new InvalidUpdateError("nested shared types are not part of a room's document");
      else {
        const left = top.origin ? find(top.origin) : null;
        const right = top.rightOrigin ? find(top.rightOrigin) : null;
        const next = left instanceof Y.Item ? left : right instanceof Y.Item ? right : null;
        if (left instanceof Y.GC || right instanceof Y.GC) place = { root: null, sub: null };
        else if (!next) throw new InvalidUpdateError("an item without a parent");
        else if (next.id.clock < docState(next.id.client)) place = placeInDoc(next);
        else if (places.has(next)) place = places.get(next);
        else {
          if (inProgress.has(next)) throw new InvalidUpdateError("items whose origins form a cycle");
          inProgress.add(top);
          stack.push(next);
          continue;
        }
      }
      places.set(top, place as Place);
      stack.pop();
    }
    return places.get(item) as Place;
  };

  // the update's deletions, per client, in order: what they reach must exist
  const deletes = new Map<number, { clock: number; len: number }[]>();
  for (const [client, ranges] of decoded.ds.clients) {
    const end = knownEnd(client);
    for (const r of ranges) if (r.clock + r.len > end) throw new InvalidUpdateError(MISSING);
    deletes.set(
      client,
      [...ranges].sort((a, b) => a.clock - b.clock),
    );
  }
  const deleted = (client: number, clock: number) => {
    const ranges = deletes.get(client);
    if (!ranges) return false;
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid] as { clock: number; len: number };
      if (clock < r.clock) hi = mid - 1;
      else if (clock >= r.clock + r.len) lo = mid + 1;
      else return true;
    }
    return false;
  };

  /** the session settings the update sets, by key */
  const setting = new Map<string, unknown>();
  /** the values of new live entries, per key */
  const added = new Map<string, unknown[]>();
  const newClients: number[] = [];
  for (const [client, list] of byClient) {
    const known = docState(client);
    if (known === 0) newClients.push(client);
    for (const s of list) {
      if (!(s instanceof Y.Item) || s.id.clock + s.length <= known) continue;
      const { root, sub } = placeOf(s);
      if (root === null) continue;
      const content = s.content;
      if (root === SLIDERS) {
        if (sub !== null) throw new InvalidUpdateError("the sliders array carries map entries");
        if (content instanceof Y.ContentDeleted) continue;
        if (!(content instanceof Y.ContentAny))
          throw new InvalidUpdateError("the sliders array holds something other than plain entries");
        for (let offset = Math.max(0, known - s.id.clock); offset < s.length; offset++) {
          const value = content.arr[offset];
          const problem = entryProblem(value, latent);
          if (problem) throw new InvalidUpdateError(problem);
          if (deleted(client, s.id.clock + offset)) continue;
          const { key, val } = value as { key: string; val: number };
          added.set(key, [...(added.get(key) ?? []), val]);
        }
      } else if (root === SESSION) {
        if (sub === null) throw new InvalidUpdateError("the session map holds list items");
        if (content instanceof Y.ContentDeleted) continue;
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1)
          throw new InvalidUpdateError("the session map holds something other than plain values");
        const problem = sessionValueProblem(sub, content.arr[0], latent);
        if (problem) throw new InvalidUpdateError(problem);
        if (!deleted(client, s.id.clock)) setting.set(sub, content.arr[0]);
      } else throw new InvalidUpdateError(`unknown shared type '${root.slice(0, 20)}'`);
    }
  }

  // live entries and settings of the room that the update deletes
  const removed = new Map<string, LiveEntry[]>();
  for (const [client, ranges] of deletes) {
    const hits: LiveEntry[] = [];
    for (const { clock, len } of ranges) {
      if (len <= 32)
        for (let c = clock; c < clock + len; c++) {
          const entry = entries.at(client, c);
          if (entry) hits.push(entry);
        }
      else
        for (const entry of entries.ofClient(client))
          if (entry.clock >= clock && entry.clock < clock + len) hits.push(entry);
    }
    for (const entry of hits) removed.set(entry.key, [...(removed.get(entry.key) ?? []), entry]);
  }
  // the settings change when a key's value does: set to another value, or its value deleted
  let settings = false;
  const session = doc.share.has(SESSION) ? doc.getMap(SESSION) : null;
  const storedValue = (key: string) => JSON.stringify(session?.get(key) ?? null);
  for (const [key, value] of setting) if (JSON.stringify(value) !== storedValue(key)) settings = true;
  if (!settings && deletes.size > 0 && session)
    for (const [key, item] of session._map)
      if (!item.deleted && !setting.has(key) && deleted(item.id.client, item.id.clock)) settings = true;

  const moved: number[] = [];
  for (const key of new Set([...added.keys(), ...removed.keys()])) {
    const values = added.get(key) ?? [];
    const gone = removed.get(key) ?? [];
    if (entries.count(key) - gone.length + values.length > MAX_ENTRIES_PER_SLIDER)
      throw new InvalidUpdateError(tooManyEntries(key));
    const k = componentOf(key);
    if (!(k < latent)) continue;
    const current = entries.current(key);
    const now = current?.val ?? 0;
    // with no new value, deleting the current entry leaves another one (if any) or 0
    const left = current && gone.includes(current) ? (entries.others(key, gone)?.val ?? 0) : now;
    if (values.some((v) => v !== now) || (values.length === 0 && left !== now)) moved.push(k);
  }
  return { moved, settings, newClients };
}
