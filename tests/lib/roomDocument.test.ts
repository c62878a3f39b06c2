import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentProblems, readSliders, sliderKey, sliderStore } from "../../lib/roomDocument";

describe("room document", () => {
  it("stores sliders without growing with every write", () => {
    const doc = new Y.Doc();
    const store = sliderStore(doc);
    for (let i = 0; i < 5000; i++) store.set(sliderKey(i % 10), Math.sin(i));
    expect(doc.getArray("sliders").length).toBe(10);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(4000);
    expect(readSliders(doc, 80)[3]).toBeCloseTo(Math.sin(4993), 12);
  });

  it("reads unset sliders as the mean face (0)", () => {
    const doc = new Y.Doc();
    sliderStore(doc).set(sliderKey(2), 1.5);
    expect(Array.from(readSliders(doc, 4))).toEqual([0, 0, 1.5, 0]);
  });

  it("accepts exactly the sliders of the model, finite and within ±5σ", () => {
    const ok = new Y.Doc();
    sliderStore(ok).set(sliderKey(79), -5);
    expect(documentProblems(ok, 80)).toEqual([]);
    const cases: [(doc: Y.Doc) => void, RegExp][] = [
      [(d) => sliderStore(d).set(sliderKey(80), 1), /unknown slider 's80'/],
      [(d) => sliderStore(d).set("s01", 1), /unknown slider 's01'/],
      [(d) => sliderStore(d).set("name", 1), /unknown slider 'name'/],
      [(d) => sliderStore(d).set(sliderKey(1), 7), /outside ±5/],
      [(d) => sliderStore(d).set(sliderKey(1), Number.NaN), /not a finite number/],
      [(d) => sliderStore(d).set(sliderKey(1), "1" as unknown as number), /not a finite number/],
      [(d) => d.getArray("sliders").push([{ key: "s1", val: 1, extra: true }]), /exactly \{ key, val \}/],
      [(d) => d.getArray("sliders").push([42]), /not an object/],
      [(d) => d.getMap("other").set("x", 1), /unknown shared type 'other'/],
      // hidden from toArray(): map entries on the array's root, and list items that are not plain values
      [(d) => d.getMap("sliders").set("junk", "x".repeat(50_000)), /carries map entries/],
      [
        (d) => {
          // formatting wrapped around a valid entry: not counted, not in toArray()
          const valid = new Y.Doc();
          sliderStore(valid).set(sliderKey(1), 1);
          Y.applyUpdate(d, Y.encodeStateAsUpdate(valid));
          d.getText("sliders").format(0, 1, { junk: "x".repeat(50_000) });
        },
        /other than plain entries/,
      ],
    ];
    for (const [change, problem] of cases) {
      // as the server sees it: another client's changes, applied to a document of its own
      const sender = new Y.Doc();
      change(sender);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(sender));
      expect(documentProblems(doc, 80).join("; ")).toMatch(problem);
    }
  });
});
