import { describe, expect, it } from "vitest";
import { addCodeNoise, codeSpread } from "../../../training/train/codeNoise";

describe("code noise", () => {
  it("measures each code dimension's spread over all rows", () => {
    // two dimensions: the first alternates ±1 (spread 1), the second is constant (spread 0)
    const codes = Float32Array.from([1, 5, -1, 5, 1, 5, -1, 5]);
    expect(Array.from(codeSpread(codes, 4, 2))).toEqual([1, 0]);
  });

  it("adds noise of α × the spread per dimension, the same for the same seed and step", () => {
    const spread = Float32Array.from([0.1, 0.4]);
    const rows = 20_000;
    const noisy = addCodeNoise(new Float32Array(rows * 2), spread, 0.5, 7, 3);
    for (const [k, expected] of [
      [0, 0.05],
      [1, 0.2],
    ] as const) {
      let sum = 0;
      let square = 0;
      for (let r = 0; r < rows; r++) {
        sum += noisy[r * 2 + k] as number;
        square += (noisy[r * 2 + k] as number) ** 2;
      }
      expect(Math.abs(sum / rows)).toBeLessThan(expected * 0.05);
      expect(Math.sqrt(square / rows)).toBeCloseTo(expected, 2);
    }
    expect(Array.from(addCodeNoise(new Float32Array(8), spread, 0.5, 7, 3))).toEqual(Array.from(noisy.subarray(0, 8)));
    expect(Array.from(addCodeNoise(new Float32Array(8), spread, 0.5, 7, 4))).not.toEqual(
      Array.from(noisy.subarray(0, 8)),
    );
  });

  it("leaves the codes untouched when α is 0", () => {
    const z = Float32Array.from([0.1, 0.2, 0.3]);
    expect(Array.from(addCodeNoise(z, Float32Array.from([1, 1, 1]), 0, 1, 1))).toEqual(Array.from(z));
  });
});
