import { describe, expect, it } from "vitest";
import { componentFactors, labelComponents, pearson } from "../../facemodel/componentFactors";
import { createRng, normal } from "../../lib/random";
import { fitFaceSpace } from "../../training/faceSpaceFit";

describe("component ↔ ground-truth factor tracking", () => {
  it("computes Pearson r", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it("finds the factor each principal component encodes and labels each factor once", () => {
    // codes built from known factors along known directions with decreasing scale
    const rng = createRng(4);
    const latent = 6;
    const count = 400;
    const factors: Record<string, number>[] = [];
    const codes = new Float32Array(count * latent);
    for (let n = 0; n < count; n++) {
      const f = { tilt: normal(rng), shirtLuma: normal(rng), female: rng() < 0.5 ? 1 : 0 };
      factors.push(f);
      const noise = () => normal(rng) * 0.05;
      codes.set(
        [
          3 * f.tilt + noise(),
          2 * f.shirtLuma + noise(),
          1.2 * (f.female - 0.5) * 2 + noise(),
          noise(),
          noise(),
          noise(),
        ],
        n * latent,
      );
    }
    const space = fitFaceSpace(codes, count, latent);
    const table = componentFactors(space, codes, factors, 4);
    expect(table[0]?.factors[0]?.factor).toBe("tilt");
    expect(table[1]?.factors[0]?.factor).toBe("shirtLuma");
    expect(table[2]?.factors[0]?.factor).toBe("female");
    expect(Math.abs(table[0]?.factors[0]?.r ?? 0)).toBeGreaterThan(0.95);
    const labels = labelComponents(table);
    expect(labels.map((l) => [l.component, l.label])).toEqual([
      [0, "head lean"],
      [1, "shirt brightness"],
      [2, "gender / hair length"],
    ]);
  });
});
