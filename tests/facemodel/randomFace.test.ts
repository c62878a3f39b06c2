import { describe, expect, it } from "vitest";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { startingFace, trainingSliders } from "../../facemodel/randomFace";
import { tinyModelDir } from "../helpers/tinyModel";

describe("the face a new room starts on", () => {
  it("is the training code nearest the mean, in slider units, rounded as the editor rounds", async () => {
    const model = await loadModel(await tinyModelDir());
    const n = model.faceSpace.latent;
    const codes = trainingSliders(model);
    const norms = Array.from({ length: codes.length / n }, (_, r) =>
      codes.subarray(r * n, (r + 1) * n).reduce((sum, v) => sum + v * v, 0),
    );
    const nearest = norms.indexOf(Math.min(...norms));
    const face = startingFace(model);
    expect(face).toHaveLength(n);
    face.forEach((v, k) => {
      expect(Math.abs(v - (codes[nearest * n + k] as number))).toBeLessThanOrEqual(5e-5);
    });
    expect(face.some((v) => v !== 0)).toBe(true);
  });
});
