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
import { componentOfKey, entryProblem, MAX_ENTRIES_PER_SLIDER, SLIDERS, tooManyEntries } from "../../lib/roomDocument";
import { SESSION, sessionValueProblem } from "../../lib/sessionSettings";
import { mergeRanges, type Range, spanAt, within } from "./clockRanges";
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

/** The struct of one client's structs (in order of clock) that holds `clock`. */
const holding = (list: readonly Struct[], clock: number) =>
  spanAt(
    list,
    clock,
    (s) => s.id.clock,
    (s) => s.length,
  );

export function readUpdate(doc: Y.Doc, entries: SliderEntries, latent: number, update: Uint8Array): UpdateEffects {
  let decoded: { structs: Struct[]; ds: ReturnType<typeof Y.decodeUpdate>["ds"] };
  try {
    decoded = Y.decodeUpdate(update) as { structs: Struct[]; ds: ReturnType<typeof Y.decodeUpdate>["ds"] };
  } catch (error) {
    throw new InvalidUpdateError(`not a Yjs update (${(error as Error).message.slice(0, 60)})`);
  }
  const docState = (client: number) => Y.getState(doc.store, client);
  // each client's structs in one run of clocks, from within what the room has: anything else leaves
  // structs pending (Yjs keeps one run a client); an item across the room's state is re-anchored by Yjs
  // next to whatever the room holds there, so it is refused
  const byClient = new Map<number, Struct[]>();
  let previous: number | null = null;
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) throw new InvalidUpdateError(MISSING);
    const client = s.id.client;
    if (client !== previous && byClient.has(client)) throw new InvalidUpdateError(MISSING);
    previous = client;
    const list = byClient.get(client) ?? [];
    const last = list.at(-1);
    const known = docState(client);
    if (last ? s.id.clock !== last.id.clock + last.length : s.id.clock > known) throw new InvalidUpdateError(MISSING);
    if (s instanceof Y.Item && s.id.clock < known && s.id.clock + s.length > known)
      throw new InvalidUpdateError("it overlaps changes the room has");
    list.push(s);
    byClient.set(client, list);
  }
  const knownEnd = (client: number) => {
    const last = byClient.get(client)?.at(-1);
    return Math.max(docState(client), last ? last.id.clock + last.length : 0);
  };
  const isNew = (s: Struct) => s.id.clock >= docState(s.id.client);

  /** the struct an origin names: in the room's document or in the update */
  const find = (id: Y.ID): Struct => {
    if (id.clock < docState(id.client)) return Y.getItem(doc.store, id) as Y.Item | Y.GC;
    const s = holding(byClient.get(id.client) ?? [], id.clock);
    if (!s) throw new InvalidUpdateError(MISSING);
    return s;
  };
  checkOrder(byClient, find, isNew);

  const places = new Map<Y.Item, Place>();
  const placeInDoc = (item: Y.Item): Place => {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent._item !== null) throw new InvalidUpdateError("nested shared types are not part of a room's document");
    return { root: Y.findRootTypeKey(parent), sub: item.parentSub };
  };
  /** Where an item of the update lands, as Yjs decides it (origins are acyclic: checkOrder). */
  const placeOf = (item: Y.Item): Place => {
    const stack = [item];
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
        else if (!isNew(next)) place = placeInDoc(next);
        else if (places.has(next)) place = places.get(next);
        else {
          stack.push(next);
          continue;
        }
      }
      places.set(top, place as Place);
      stack.pop();
    }
    return places.get(item) as Place;
  };

  // the update's deletions, per client, merged: what they reach must exist
  const deletes = new Map<number, Range[]>();
  for (const [client, ranges] of decoded.ds.clients) {
    const end = knownEnd(client);
    const list = mergeRanges(ranges);
    for (const r of list) if (r.clock + r.len > end) throw new InvalidUpdateError(MISSING);
    if (list.length > 0) deletes.set(client, list);
  }
  const deleted = (client: number, clock: number) => within(deletes.get(client), clock);

  /** whether the update touches the session's settings: any new item of the map, or a deletion of one */
  let settings = false;
  /** the values of new live entries, per key */
  const added = new Map<string, unknown[]>();
  const newClients: number[] = [];
  for (const [client, list] of byClient) {
    if (docState(client) === 0) newClients.push(client);
    for (const s of list) {
      if (!(s instanceof Y.Item) || !isNew(s)) continue;
      const { root, sub } = placeOf(s);
      if (root === null) continue;
      const content = s.content;
      if (root === SLIDERS) {
        if (sub !== null) throw new InvalidUpdateError("the sliders array carries map entries");
        if (content instanceof Y.ContentDeleted) continue;
        if (!(content instanceof Y.ContentAny))
          throw new InvalidUpdateError("the sliders array holds something other than plain entries");
        for (let offset = 0; offset < s.length; offset++) {
          const value = content.arr[offset];
          const problem = entryProblem(value, latent);
          if (problem) throw new InvalidUpdateError(problem);
          if (deleted(client, s.id.clock + offset)) continue;
          const { key, val } = value as { key: string; val: number };
          const values = added.get(key) ?? [];
          values.push(val);
          added.set(key, values);
          if (values.length > MAX_ENTRIES_PER_SLIDER) throw new InvalidUpdateError(tooManyEntries(key));
        }
      } else if (root === SESSION) {
        if (sub === null) throw new InvalidUpdateError("the session map holds list items");
        settings = true;
        if (content instanceof Y.ContentDeleted) continue;
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1)
          throw new InvalidUpdateError("the session map holds something other than plain values");
        const problem = sessionValueProblem(sub, content.arr[0], latent);
        if (problem) throw new InvalidUpdateError(problem);
      } else throw new InvalidUpdateError(`unknown shared type '${root.slice(0, 20)}'`);
    }
  }

  // live entries and settings of the room that the update deletes
  const removed = new Map<string, LiveEntry[]>();
  for (const [client, ranges] of deletes)
    for (const entry of entries.covered(client, ranges))
      removed.set(entry.key, [...(removed.get(entry.key) ?? []), entry]);
  if (!settings) settings = deletesSetting(doc, deletes);

  const moved: number[] = [];
  for (const key of new Set([...added.keys(), ...removed.keys()])) {
    const values = added.get(key) ?? [];
    const gone = removed.get(key) ?? [];
    if (entries.count(key) - gone.length + values.length > MAX_ENTRIES_PER_SLIDER)
      throw new InvalidUpdateError(tooManyEntries(key));
    const k = componentOfKey(key, latent);
    if (k === undefined) continue;
    // whatever order the entries end in: the slider keeps its value only if every entry left holds it
    // (or, with none left, it was 0 already)
    const now = entries.current(key)?.val ?? 0;
    const kept = entries.liveOf(key).filter((e) => !gone.includes(e));
    const holds = [...values, ...kept.map((e) => e.val)];
    if (holds.some((v) => v !== now) || (holds.length === 0 && now !== 0)) moved.push(k);
  }
  return { moved, settings, newClients };
}

/**
 * Refuses an update whose new structs cannot all be integrated: each depends on its origins and on the
 * struct before it of the same client; a cycle among them (an origin at a later clock of its own client,
 * origins that name each other) leaves them pending in Yjs, or makes it throw half-way.
 */
function checkOrder(byClient: Map<number, Struct[]>, find: (id: Y.ID) => Struct, isNew: (s: Struct) => boolean) {
  const state = new Map<Struct, 1 | 2>(); // 1: on the path, 2: done
  const depsOf = (s: Struct): Struct[] => {
    const list = byClient.get(s.id.client) as Struct[];
    const before = holding(list, s.id.clock - 1);
    const deps = before && isNew(before) ? [before] : [];
    if (s instanceof Y.Item)
      for (const id of [s.origin, s.rightOrigin]) {
        if (!id) continue;
        const d = find(id);
        if (isNew(d)) deps.push(d);
      }
    return deps;
  };
  for (const list of byClient.values())
    for (const root of list) {
      if (!isNew(root) || state.has(root)) continue;
      const stack: { s: Struct; deps: Struct[] }[] = [{ s: root, deps: depsOf(root) }];
      state.set(root, 1);
      while (stack.length > 0) {
        const top = stack.at(-1) as { s: Struct; deps: Struct[] };
        const next = top.deps.pop();
        if (!next) {
          state.set(top.s, 2);
          stack.pop();
          continue;
        }
        const seen = state.get(next);
        if (seen === 1) throw new InvalidUpdateError(MISSING);
        if (seen === 2) continue;
        state.set(next, 1);
        stack.push({ s: next, deps: depsOf(next) });
      }
    }
}

/**
 * Whether the deletions reach a live setting of the room: the room's structs inside the deleted ranges
 * are looked at (a slider edit deletes one entry: a few structs), never the whole session map.
 */
function deletesSetting(doc: Y.Doc, deletes: Map<number, Range[]>): boolean {
  if (deletes.size === 0 || !doc.share.has(SESSION)) return false;
  const session = doc.getMap(SESSION);
  for (const [client, ranges] of deletes) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const known = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, known);
      for (let i = clock < end ? Y.findIndexSS(structs, clock) : structs.length; i < structs.length; i++) {
        const s = structs[i] as Y.AbstractStruct;
        if (s.id.clock >= end) break;
        if (s instanceof Y.Item && !s.deleted && s.parent === session) return true;
      }
    }
  }
  return false;
}
