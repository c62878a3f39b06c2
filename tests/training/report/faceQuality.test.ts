import { describe, expect, it } from "vitest";
import { imageDetail, meanDetail, nearestPortraits } from "../../../training/report/faceQuality";

const W = 4;
const H = 3;
const SIZE = W * H * 3;
const flat = (v: number) => new Uint8Array(SIZE).fill(v);

describe("face quality measures", () => {
  it("detail is zero on a flat image and the mean neighbour step on vertical stripes", () => {
    expect(imageDetail(flat(128), W, H, 255)).toBe(0);
    const stripes = new Float32Array(SIZE).map((_, i) => (Math.floor(i / 3) % W) % 2);
    // every horizontal neighbour differs by 1, no vertical one does
    expect(imageDetail(stripes, W, H)).toBeCloseTo(1, 6);
    expect(meanDetail(new Float32Array([...stripes, ...new Float32Array(SIZE)]), 2, W, H)).toBeCloseTo(0.5, 6);
  });

  it("finds each face's nearest portrait and its PSNR", () => {
    const portraits = new Uint8Array([...flat(0), ...flat(100), ...flat(255)]);
    const [a, b] = nearestPortraits(
      [new Float32Array(SIZE).fill(110 / 255), new Float32Array(SIZE).fill(0.9)],
      portraits,
      3,
    );
    expect(a?.index).toBe(1);
    expect(a?.psnr).toBeCloseTo(10 * Math.log10(1 / (10 / 255) ** 2), 4);
    expect(b?.index).toBe(2);
    const exact = nearestPortraits([new Float32Array(SIZE).fill(100 / 255)], portraits, 3)[0];
    expect(exact?.index).toBe(1);
    expect(exact?.psnr).toBeGreaterThan(90);
  });
});
