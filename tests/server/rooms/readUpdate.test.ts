import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createRng, pick, type Rng } from "../../../lib/random";
import { documentProblems, readSliders, SLIDERS, sliderKey, sliderStore } from "../../../lib/roomDocument";
import { lockKey, SESSION, sessionFingerprint } from "../../../lib/sessionSettings";
import { InvalidUpdateError, Room } from "../../../server/rooms/Room";

const LATENT = 16;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

/**
 * The whole-document check the server made before: the room's state and the update merged in a copy,
 * then every problem of the copy that the room did not already have. Slow (it re-encodes the document),
 * and the definition the update reader must agree with.
 */
function wholeDocumentVerdict(room: Room, update: Uint8Array): { ok: boolean; moved: number[]; settings: boolean } {
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(room.doc));
    Y.applyUpdate(probe, update);
  } catch {
    return { ok: false, moved: [], settings: false };
  }
  const carried = new Set(documentProblems(room.doc, LATENT));
  const problems = documentProblems(probe, LATENT).filter((p) => !carried.has(p));
  const ok = !probe.store.pendingStructs && !probe.store.pendingDs && problems.length === 0;
  if (!ok) return { ok, moved: [], settings: false };
  const before = readSliders(room.doc, LATENT);
  const after = readSliders(probe, LATENT);
  const moved = [...before.keys()].filter((k) => before[k] !== after[k]);
  return { ok, moved, settings: sessionFingerprint(room.doc) !== sessionFingerprint(probe) };
}

const updateOf = (change: (doc: Y.Doc) => void) => {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
};

/** A client that synced with the room, then made a few changes, valid or hostile: the update it sends. */
function clientUpdate(rng: Rng, room: Room): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  const roomState = Y.encodeStateVector(doc);
  const array = doc.getArray<unknown>(SLIDERS);
  const value = () => pick(rng, [() => Math.round((rng() - 0.5) * 90) / 10, () => Number.NaN, () => 7, () => "1"])();
  const key = () => pick(rng, [() => sliderKey(int(rng, LATENT)), () => sliderKey(LATENT + 3), () => "s01"])();
  const ops = [
    () => sliderStore(doc).set(sliderKey(int(rng, LATENT)), Math.round((rng() - 0.5) * 60) / 10),
    () => sliderStore(doc).set(sliderKey(int(rng, LATENT)), Math.round((rng() - 0.5) * 60) / 10),
    () => sliderStore(doc).set(key(), value() as number),
    () => array.insert(int(rng, array.length + 1), [{ key: sliderKey(int(rng, LATENT)), val: 1 }]),
    () => {
      const at = int(rng, array.length);
      if (array.length > 0) array.delete(at, 1 + int(rng, Math.min(3, array.length - at)));
    },
    () =>
      array.push([
        { key: sliderKey(1), val: 1 },
        { key: sliderKey(1), val: 2 },
        { key: sliderKey(1), val: 3 },
      ]),
    () => array.push([{ key: sliderKey(2), val: 1, extra: true }]),
    () => array.push([42]),
    () => doc.getMap(SESSION).set(lockKey(int(rng, LATENT)), true),
    () => doc.getMap(SESSION).set(lockKey(int(rng, LATENT)), "yes"),
    () => doc.getMap(SESSION).set("array", rng() < 0.5),
    () => doc.getMap(SESSION).set("witnessSliders", [int(rng, LATENT), int(rng, 2 * LATENT)]),
    () => doc.getMap(SESSION).set("junk", 1),
    () => doc.getMap(SESSION).delete([...doc.getMap(SESSION).keys()][0] ?? "array"),
    () => doc.getMap(SESSION).set("nested", new Y.Map()),
    () => array.push([new Y.Map()]),
    () => doc.getMap("other").set("x", 1),
    // what a typed client cannot write into the array, written through a document of another shape
    () =>
      Y.applyUpdate(
        doc,
        updateOf((d) => d.getMap(SLIDERS).set("junk", "x")),
      ),
    () =>
      Y.applyUpdate(
        doc,
        updateOf((d) => d.getText(SLIDERS).insert(0, "abc", { bold: true })),
      ),
  ];
  const n = 1 + int(rng, 3);
  for (let i = 0; i < n; i++)
    try {
      doc.transact(() => pick(rng, ops)());
    } catch {
      // YKeyValue itself fails on a hostile array this client made: that op is not sent
    }
  if (rng() < 0.1) {
    // changes that build on a change the room never received
    const sent = Y.encodeStateVector(doc);
    array.push([{ key: sliderKey(0), val: 1 }]);
    return Y.encodeStateAsUpdate(doc, sent);
  }
  return Y.encodeStateAsUpdate(doc, roomState);
}

/** Two clients' concurrent changes of one slider, merged: the room's document then holds two entries of it. */
function concurrentPair(room: Room, rng: Rng): [Uint8Array, Uint8Array] {
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  const state = Y.encodeStateAsUpdate(room.doc);
  Y.applyUpdate(a, state);
  Y.applyUpdate(b, state);
  const sv = Y.encodeStateVector(a);
  const k = sliderKey(int(rng, LATENT));
  sliderStore(a).set(k, 1);
  sliderStore(b).set(k, -1);
  return [Y.encodeStateAsUpdate(a, sv), Y.encodeStateAsUpdate(b, sv)];
}

describe("reading an update from its own content", () => {
  it("accepts and refuses exactly what the whole-document check does, and says which sliders move, over 1,500 updates", () => {
    const rng = createRng(7);
    const room = new Room("r", LATENT);
    // a room saved under a model with more components: its extra slider is carried, never read
    Y.applyUpdate(
      room.doc,
      (() => {
        const d = new Y.Doc();
        sliderStore(d).set(sliderKey(LATENT + 2), 1);
        return Y.encodeStateAsUpdate(d);
      })(),
    );
    let accepted = 0;
    let exact = 0;
    for (let i = 0; i < 1500; i++) {
      const updates = rng() < 0.1 ? concurrentPair(room, rng) : [clientUpdate(rng, room)];
      for (const update of updates) {
        const expected = wholeDocumentVerdict(room, update);
        let effects: ReturnType<Room["applyClientUpdate"]> | null = null;
        try {
          effects = room.applyClientUpdate(update, "client");
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidUpdateError);
        }
        expect({ case: i, ok: effects !== null }).toEqual({ case: i, ok: expected.ok });
        if (effects) {
          accepted++;
          // every slider the update moves is named (one whose new entry lands before the current one, and
          // so loses, is named too: no client's YKeyValue writes such an entry)
          expect({ case: i, moved: expected.moved.filter((k) => !effects?.moved.includes(k)) }).toEqual({
            case: i,
            moved: [],
          });
          if (effects.moved.length === expected.moved.length) exact++;
          // a change of the settings is always reported (touching them at all counts as one)
          if (expected.settings) expect({ case: i, settings: effects.settings }).toEqual({ case: i, settings: true });
        }
        // the index the room reads its sliders from agrees with the array, and each slider holds one entry
        expect(Array.from(room.sliders())).toEqual(Array.from(readSliders(room.doc, LATENT)));
        expect(documentProblems(room.doc, LATENT).filter((p) => !p.includes(`s${LATENT + 2}`))).toEqual([]);
        const keys = room.doc.getArray<{ key: string }>(SLIDERS).map((e) => e.key);
        expect(new Set(keys).size).toBe(keys.length);
      }
    }
    expect(accepted).toBeGreaterThan(300);
    // the rest are entries inserted before their slider's current one (array.insert: they lose)
    expect(exact / accepted).toBeGreaterThan(0.8);
    room.destroy();
  });

  it("does not count a witness's client pruning a duplicate entry as moving that slider", () => {
    const room = new Room("r", LATENT);
    const [a, b] = concurrentPair(room, createRng(1));
    const witness = new Y.Doc();
    Y.applyUpdate(witness, a);
    Y.applyUpdate(witness, b);
    const sv = Y.encodeStateVector(witness);
    // the witness's own YKeyValue deletes the superseded entry when it reads the array
    sliderStore(witness);
    room.applyClientUpdate(a, "a");
    room.applyClientUpdate(b, "b");
    const effects = room.applyClientUpdate(Y.encodeStateAsUpdate(witness, sv), "witness");
    expect(effects.moved).toEqual([]);
    room.destroy();
  });

  it("reports any touch of the session's settings, however the update hides it", () => {
    const room = new Room("r", LATENT);
    room.applyClientUpdate(
      updateOf((d) => d.getMap(SESSION).set(lockKey(3), true)),
      null,
    );
    const touches: ((map: Y.Map<unknown>) => void)[] = [
      // a value set and deleted in one change: the stored lock goes with it
      (map) => {
        map.set(lockKey(3), true);
        map.delete(lockKey(3));
      },
      (map) => map.delete(lockKey(3)),
      (map) => map.set("array", true),
    ];
    for (const touch of touches) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
      const sv = Y.encodeStateVector(doc);
      doc.transact(() => touch(doc.getMap(SESSION)));
      let refused = false;
      try {
        room.applyClientUpdate(Y.encodeStateAsUpdate(doc, sv), "witness", (effects) => {
          refused = effects.settings;
          return effects.settings ? "only the artist changes the session's settings" : null;
        });
      } catch {
        // refused, as it must be
      }
      expect(refused).toBe(true);
      expect(room.doc.getMap(SESSION).get(lockKey(3))).toBe(true);
    }
    room.destroy();
  });

  it("refuses an entry whose key and value come from its prototype", () => {
    const room = new Room("r", LATENT);
    const hostile = JSON.parse('{"__proto__": {"key": "s1", "val": 4.5}, "a": 1, "b": 2}');
    expect(() =>
      room.applyClientUpdate(
        updateOf((d) => d.getArray(SLIDERS).push([hostile])),
        null,
      ),
    ).toThrow(InvalidUpdateError);
    expect(room.sliders()[1]).toBe(0);
    room.destroy();
  });
});
