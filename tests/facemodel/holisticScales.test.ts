import { describe, expect, it } from "vitest";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { heldComponents } from "../../facemodel/heldComponents";
import { holisticScales } from "../../facemodel/holisticScales";
import { startingFace } from "../../facemodel/randomFace";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import { slidersToCode } from "../../lib/faceSpace";
import { moveAlongScale } from "../../lib/holisticScale";
import { createRng, normal } from "../../lib/random";
import { findInnerFace, insideEllipse } from "../../server/render/innerFace";

describe("holistic scales", () => {
  it("point each factor's way: up the sliders that grow with it, down those that fall, never a held one", () => {
    // an identity face space: sliders are the codes
    const latent = 4;
    const identity = Float64Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const space = {
      latent,
      mean: new Float64Array(latent),
      components: identity,
      sigma: new Float64Array(latent).fill(1),
      explainedVarianceRatio: new Float64Array(latent).fill(0.25),
    };
    const rng = createRng(1);
    const n = 400;
    const factors = Array.from({ length: n }, () => ({ fatness: normal(rng), female: rng() < 0.5 ? 1 : 0 }));
    const codes = new Float32Array(n * latent);
    factors.forEach((f, i) => {
      codes.set([f.fatness + 0.1 * normal(rng), -f.fatness, normal(rng), f.fatness], i * latent);
    });
    const scales = holisticScales(space, codes, factors, new Set([3]));
    const width = scales.find((s) => s.factor === "fatness");
    expect(width?.direction[0]).toBeCloseTo(1, 1);
    expect(width?.direction[1]).toBeCloseTo(-1, 1);
    expect(Math.abs(width?.direction[2] ?? 1)).toBeLessThan(0.15);
    expect(width?.direction[3]).toBe(0);
    expect(width?.r).toBeGreaterThan(0.95);
    // a factor the codes do not follow gives a scale that says so
    expect(Math.abs(scales.find((s) => s.factor === "female")?.r ?? 1)).toBeLessThan(0.3);
  });

  it("on the shipped model: lighter skin up the skin-tone scale, the background held", async () => {
    const model = await loadModel("models/default");
    const scales = model.manifest.scales ?? [];
    expect(scales.map((s) => s.factor)).toEqual(
      expect.arrayContaining(["female", "fatness", "skinLuma", "hairLuma", "longHair", "facialHair"]),
    );
    for (const s of scales) expect(s.r).toBeGreaterThan(0.5);
    const held = heldComponents(model.manifest.components);
    const skin = scales.find((s) => s.factor === "skinLuma");
    for (const k of held) expect(skin?.direction[k]).toBe(0);
    const free = Array.from({ length: model.manifest.latent }, (_, k) => k).filter((k) => !held.has(k));
    const { width, height } = model.manifest.image;
    const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    try {
      const start = startingFace(model);
      /** mean grey level inside the inner face, and in the top corners (the background) */
      const measure = async (position: number) => {
        const face = Float64Array.from(start);
        for (const [k, v] of moveAlongScale(start, skin?.direction ?? [], free, position)) face[k] = v;
        const image = await runtime.decodeBytes(slidersToCode(model.faceSpace, face), 1);
        const e = findInnerFace(image, width, height);
        let inner = 0;
        let innerCount = 0;
        let corner = 0;
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 3;
            const grey = ((image[i] as number) + (image[i + 1] as number) + (image[i + 2] as number)) / 3;
            if (insideEllipse(e, x, y)) {
              inner += grey;
              innerCount++;
            }
            if (y < 12 && (x < 12 || x >= width - 12)) corner += grey / 288;
          }
        return { inner: inner / innerCount, corner };
      };
      const darker = await measure(-2);
      const lighter = await measure(2);
      expect(lighter.inner).toBeGreaterThan(darker.inner + 30);
      expect(Math.abs(lighter.corner - darker.corner)).toBeLessThan(15);
    } finally {
      await runtime.dispose();
    }
  });
});
