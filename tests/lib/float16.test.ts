import { describe, expect, it } from "vitest";
import { fromHalf, packHalf, toHalf, unpackHalf } from "../../lib/float16";

describe("float16 packing", () => {
  it("encodes exactly representable values exactly", () => {
    for (const v of [0, 1, -2, 0.5, 65504, -0.000060975551605224609, 2 ** -24]) expect(fromHalf(toHalf(v))).toBe(v);
  });

  it("rounds to within half precision's relative error", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const back = unpackHalf(packHalf(values));
    values.forEach((v, i) => {
      expect(Math.abs((back[i] as number) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25);
    });
  });

  it("saturates overflow to infinity and keeps NaN", () => {
    expect(fromHalf(toHalf(1e6))).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(fromHalf(toHalf(Number.NaN)))).toBe(true);
  });
});
