import { describe, expect, it } from "vitest";
import { moveAlongScale, scalePosition } from "../../lib/holisticScale";

describe("a holistic scale on a page", () => {
  it("moves a face to the position asked, on the free components only", () => {
    const direction = [0.5, -0.2, 0, 0.3];
    const free = [0, 1];
    const sliders = [0.1, 0.2, 0.3, 0.4];
    const moved = moveAlongScale(sliders, direction, free, 1.5);
    const after = sliders.map((v, k) => moved.get(k) ?? v);
    expect(scalePosition(after, direction, free)).toBeCloseTo(1.5);
    expect([...moved.keys()]).toEqual([0, 1]);
  });
});
