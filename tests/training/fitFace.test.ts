import { describe, expect, it } from "vitest";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import { slidersToCode } from "../../lib/faceSpace";
import { fitFace } from "../../training/fitFace";
import { tinyModelDir } from "../helpers/tinyModel";

describe("fitting a face to a trained model", () => {
  it("finds sliders whose face comes much closer to the portrait than the mean face", async () => {
    const model = await loadModel(await tinyModelDir());
    const latent = model.manifest.latent;
    const target = new Float64Array(latent);
    target[0] = 1.8;
    target[1] = -1.2;
    target[2] = 0.9;
    const decoder = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    const image = await decoder.decodeBytes(slidersToCode(model.faceSpace, target), 1);
    await decoder.dispose();
    const fit = await fitFace(model, image, { steps: 150 });
    console.log(`fit: ${fit.startPsnr.toFixed(2)} dB from the mean face → ${fit.psnr.toFixed(2)} dB`);
    expect(fit.sliders).toHaveLength(latent);
    expect(fit.psnr).toBeGreaterThan(fit.startPsnr + 3);
  }, 120_000);
});
