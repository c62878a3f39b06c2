import { describe, expect, it } from "vitest";
import { morph, morphName } from "../../../../app/components/room/morph";

describe("a morph between two snapshots", () => {
  it("moves each slider part of the way, to a thousandth", () => {
    expect(morph([0, 1, -2], [1, 1, 2], 0.5)).toEqual([0.5, 1, 0]);
    expect(morph([0.1234], [0.5], 0)).toEqual([0.123]);
    expect(morph([0, 0], [1], 1)).toEqual([1, 0]);
  });

  it("is named for each face's share, within 80 characters", () => {
    expect(morphName("Ada", "Bo", 30)).toBe("Morph: 70% Ada, 30% Bo");
    expect(morphName("A".repeat(90), "Bo", 50)).toHaveLength(80);
  });
});
