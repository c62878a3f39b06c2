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
