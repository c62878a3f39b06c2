import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { InvalidUpdateError, MAX_DOCUMENT_BYTES, Room } from "../../../server/rooms/Room";

const updateOf = (change: (doc: Y.Doc) => void) => {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
};

describe("room", () => {
  it("applies a valid update and refuses one whose document would exceed the size cap, unchanged", () => {
    const room = new Room("r", 80);
    room.applyClientUpdate(
      updateOf((d) => sliderStore(d).set(sliderKey(3), 1.25)),
      null,
    );
    expect(room.sliders()[3]).toBe(1.25);
    const before = Y.encodeStateAsUpdate(room.doc);
    // well-formed entries, but far more of them than pruned sliders ever leave
    const entries = Array.from({ length: 80_000 }, (_, i) => ({ key: sliderKey(i % 80), val: 0.5 }));
    const huge = updateOf((d) => d.getArray("sliders").push(entries));
    expect(huge.byteLength).toBeGreaterThan(MAX_DOCUMENT_BYTES);
    expect(() => room.applyClientUpdate(huge, null)).toThrow(InvalidUpdateError);
    expect(() => room.applyClientUpdate(huge, null)).toThrow(/would exceed/);
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    room.destroy();
  });

  it("serves a room saved under a model with more components: its extra sliders stay, new ones are refused", () => {
    // the room's stored document, written when the active model had 80 components
    const stored = updateOf((d) => {
      const store = sliderStore(d);
      for (let k = 0; k < 80; k++) store.set(sliderKey(k), k / 100);
    });
    const room = new Room("r", 16);
    Y.applyUpdate(room.doc, stored);
    room.applyClientUpdate(
      updateOf((d) => {
        Y.applyUpdate(d, stored);
        sliderStore(d).set(sliderKey(3), -1);
      }),
      null,
    );
    expect(room.sliders()[3]).toBe(-1);
    expect(room.sliders()).toHaveLength(16);
    expect(() =>
      room.applyClientUpdate(
        updateOf((d) => sliderStore(d).set(sliderKey(85), 1)),
        null,
      ),
    ).toThrow(/unknown slider 's85'/);
    room.destroy();
  });
});

describe("room document normal form", () => {
  it("refuses an update that floods one slider with entries, and keeps taking edits after many such floods", () => {
    const room = new Room("r", 80);
    // the probe's attack: fresh documents of ~3,060 valid entries each, all keys among the 80 sliders
    for (let n = 0; n < 16; n++) {
      const flood = updateOf((d) =>
        d.getArray("sliders").push(Array.from({ length: 3060 }, (_, j) => ({ key: sliderKey(j % 80), val: 0.5 }))),
      );
      expect(() => room.applyClientUpdate(flood, null)).toThrow(/holds more than 2 entries/);
    }
    room.applyClientUpdate(
      updateOf((d) => sliderStore(d).set(sliderKey(7), -2)),
      null,
    );
    expect(room.sliders()[7]).toBe(-2);
    expect(Y.encodeStateAsUpdate(room.doc).byteLength).toBeLessThan(200);
    room.destroy();
  });

  it("keeps one live entry per slider when two people's concurrent changes of it meet", () => {
    const room = new Room("r", 80);
    const a = new Y.Doc();
    const b = new Y.Doc();
    sliderStore(a).set(sliderKey(1), 1);
    sliderStore(b).set(sliderKey(1), 2);
    room.applyClientUpdate(Y.encodeStateAsUpdate(a), "a");
    room.applyClientUpdate(Y.encodeStateAsUpdate(b), "b");
    const entries = room.doc.getArray<{ key: string }>("sliders").toArray();
    expect(entries.filter((e) => e.key === sliderKey(1))).toHaveLength(1);
    // the entry every client's YKeyValue reads: the last in the array
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(room.doc));
    expect(sliderStore(reader).get(sliderKey(1))).toBe(room.sliders()[1]);
    room.destroy();
  });

  it("repairs a stored document on load (a value out of range clamped, a non-finite one deleted) and then takes a client's empty sync reply", () => {
    const stored = updateOf((d) => {
      const array = d.getArray("sliders");
      array.push([{ key: sliderKey(0), val: 8.6e303 }]);
      array.push([{ key: sliderKey(1), val: Number.NaN }]);
      array.push([{ key: sliderKey(2), val: 1.5 }]);
      array.push([{ key: sliderKey(2), val: -1.5 }]);
    });
    const room = new Room("r", 80);
    expect(room.load([stored])).toEqual([
      "1 malformed or non-finite slider entries deleted",
      "1 slider values clamped to ±5",
      "1 superseded slider entries deleted",
    ]);
    expect(Array.from(room.sliders().slice(0, 3))).toEqual([5, 0, -1.5]);
    // what a joining client sends back after syncing: nothing new
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
    room.applyClientUpdate(Y.encodeStateAsUpdate(client, Y.encodeStateVector(room.doc)), null);
    room.applyClientUpdate(
      updateOf((d) => {
        Y.applyUpdate(d, Y.encodeStateAsUpdate(room.doc));
        sliderStore(d).set(sliderKey(0), 2);
      }),
      null,
    );
    expect(room.sliders()[0]).toBe(2);
    room.destroy();
  });

  it("refuses stored data that is not Yjs, or a log that misses what its updates depend on", () => {
    expect(() => new Room("r", 80).load([new Uint8Array([0, 9, 9, 9, 9])])).toThrow();
    const base = new Y.Doc();
    sliderStore(base).set(sliderKey(0), 1);
    const before = Y.encodeStateVector(base);
    sliderStore(base).set(sliderKey(0), 2);
    const onlyLater = Y.encodeStateAsUpdate(base, before);
    expect(() => new Room("r", 80).load([onlyLater])).toThrow(/misses changes/);
  });
});

describe("room document rewrite", () => {
  it("rewrites its document from its live values past its bounds, stores it before any later change, and says so", async () => {
    const logged: Uint8Array[] = [];
    const stored: { state: Uint8Array; epoch: number }[] = [];
    let storeRewrite: () => void = () => {};
    const room = new Room("r", 8, {
      persist: async (update) => {
        logged.push(update);
      },
      store: (snapshot) =>
        new Promise<void>((done) => {
          storeRewrite = () => {
            const { state, docEpoch } = snapshot();
            stored.push({ state, epoch: docEpoch });
            done();
          };
        }),
      bounds: { clients: 6, bytes: 1e6 },
    });
    const resets: number[] = [];
    room.onReset((epoch) => resets.push(epoch));
    // a session setting and, from a model with more components, a slider this room carries
    Y.applyUpdate(
      room.doc,
      updateOf((d) => {
        d.getMap("session").set("lock:2", true);
        sliderStore(d).set(sliderKey(9), 0.5);
      }),
    );
    // with the stored document's client, the sixth editor's id passes the bound
    for (let c = 0; c < 6; c++) {
      room.applyClientUpdate(
        updateOf((d) => sliderStore(d).set(sliderKey(c), c / 4)),
        null,
      );
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(resets).toEqual([1]);
    expect(room.epoch).toBe(1);
    expect(room.doc.store.clients.size).toBe(1);
    expect(Array.from(room.sliders())).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 0, 0]);
    expect(room.doc.getMap("session").get("lock:2")).toBe(true);
    expect(
      room.doc
        .getArray<{ key: string }>("sliders")
        .toArray()
        .map((e) => e.key),
    ).toContain(sliderKey(9));
    // joining clients are sent the rewritten document
    expect(Y.encodeStateVector(room.relay.doc)).toEqual(Y.encodeStateVector(room.doc));
    // a change after the rewrite is logged only once the rewritten state is stored
    const before = logged.length;
    room.applyClientUpdate(
      updateOf((d) => {
        Y.applyUpdate(d, Y.encodeStateAsUpdate(room.doc));
        sliderStore(d).set(sliderKey(0), -1);
      }),
      null,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(logged.length).toBe(before);
    storeRewrite();
    await new Promise((r) => setTimeout(r, 0));
    expect(logged.length).toBe(before + 1);
    expect(stored.map((s) => s.epoch)).toEqual([1]);
    // the stored state and the log after it load back to the same room
    const reloaded = new Room("r", 8, { epoch: 1 });
    reloaded.load([stored[0]?.state as Uint8Array, ...logged.slice(before)]);
    expect(Array.from(reloaded.sliders())).toEqual(Array.from(room.sliders()));
    room.destroy();
    reloaded.destroy();
  });
});
