import { describe, expect, it } from "vitest";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { randomDepth } from "../../lib/faceSpace";
import { searchDepth } from "../../server/arrays/faceArray";

describe("the shipped default model", () => {
  it("loads as a 144x192, latent-80 model whose random faces draw its first 14 components, its face array 21", async () => {
    const model = await loadModel("models/default");
    expect(model.manifest.image).toEqual({ width: 144, height: 192, channels: 3 });
    expect(model.manifest.latent).toBe(80);
    expect(model.manifest.dataset.size).toBeGreaterThanOrEqual(2000);
    // its settings, recorded with the trials since removed all off, read without them (legacyTrials.test.ts)
    expect(model.manifest.training.settings).toMatchObject({ lrSchedule: "cosine-time", freezeDecoder: false });
    expect(randomDepth(model.faceSpace.explainedVarianceRatio)).toBe(14);
    expect(searchDepth(model.faceSpace.explainedVarianceRatio)).toBe(21);
  });
});
