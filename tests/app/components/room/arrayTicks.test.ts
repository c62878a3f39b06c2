import { describe, expect, it } from "vitest";
import { sameFace, toggleTick } from "../../../../app/components/room/arrayTicks";
import { MAX_PICKS } from "../../../../lib/arrayProtocol";

describe("the faces ticked in a round of the face array", () => {
  it("ticks a face next, unticks a ticked one, and keeps at most the picks allowed", () => {
    expect(toggleTick([], 4)).toEqual([4]);
    expect(toggleTick([4, 2], 4)).toEqual([2]);
    const full = Array.from({ length: MAX_PICKS }, (_, k) => k);
    expect(toggleTick(full, 8)).toEqual(full);
  });

  it("tells a round drawn around the face now from one drawn around another", () => {
    expect(sameFace([0.5, -1], Float64Array.from([0.5, -1 + 1e-9]))).toBe(true);
    expect(sameFace([0.5, -1], [0.5, -0.9])).toBe(false);
    expect(sameFace([0.5], [0.5, 0])).toBe(false);
  });
});
