import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import type { BackendName } from "../../../facemodel/runtime/decoderRuntime";
import { useSwiftShader } from "../../../facemodel/runtime/swiftShader";
import { nativeTfAvailable } from "../../../facemodel/runtime/tfRuntime";
import { tinyModelDir } from "../../helpers/tinyModel";

/** Largest per-channel difference (0..1 scale) allowed between any two backends. */
const TOLERANCE = 1e-4;

describe("decoder backends", () => {
  it("decode the same codes to the same images within 1e-4 on every available backend, the WebGPU one included", async () => {
    const model = await loadModel(await tinyModelDir());
    const { architecture } = model.manifest;
    const backends: BackendName[] = ["onnx-cpu", "tfjs-wasm"];
    if (await nativeTfAvailable()) backends.push("tfjs-native");
    // CI installs Debian's chromium, whose SwiftShader gives the WebGPU path a (software) adapter
    const webgpu = useSwiftShader();
    expect(webgpu, "SwiftShader (Debian chromium + libvulkan1) is needed to test the WebGPU backend").toBe(true);
    backends.push("onnx-webgpu");
    const n = 3;
    const codes = model.codes.subarray(0, n * architecture.latent);
    const outputs = new Map<string, Float32Array>();
    // each backend in this thread, and ONNX Runtime's CPU one also on a thread of its own (as the server runs it)
    const variants = [
      ...backends.map((backend) => ({ label: backend, backend, offThread: false })),
      { label: "onnx-cpu off thread", backend: "onnx-cpu" as const, offThread: true },
    ];
    for (const { label, backend, offThread } of variants) {
      const runtime = await createDecoderRuntime(architecture, model.weights, { backend, offThread });
      try {
        expect(runtime.backend).toBe(backend);
        const images = await runtime.decode(codes, n);
        outputs.set(label, images);
        // the bytes each backend makes itself: every float rounded to the nearest of 256 levels
        const bytes = await runtime.decodeBytes(codes, n);
        expect(bytes).toHaveLength(images.length);
        const worst = bytes.reduce((m, b, i) => Math.max(m, Math.abs(b - (images[i] as number) * 255)), 0);
        expect(worst, label).toBeLessThanOrEqual(0.51);
      } finally {
        await runtime.dispose();
      }
    }
    const reference = outputs.get("onnx-cpu") as Float32Array;
    expect(reference.length).toBe(n * architecture.height * architecture.width * 3);
    for (const [backend, images] of outputs) {
      let worst = 0;
      images.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - (reference[i] as number)));
      });
      expect(worst, backend).toBeLessThan(TOLERANCE);
    }
  });

  it("decodes a batch the same as one code at a time", async () => {
    const model = await loadModel(await tinyModelDir());
    const { architecture } = model.manifest;
    const runtime = await createDecoderRuntime(architecture, model.weights, { backend: "onnx-cpu" });
    try {
      const size = architecture.height * architecture.width * 3;
      const batch = await runtime.decode(model.codes.subarray(0, 4 * architecture.latent), 4);
      const single = await runtime.decode(model.codes.subarray(2 * architecture.latent, 3 * architecture.latent), 1);
      single.forEach((v, i) => {
        expect(Math.abs(v - (batch[2 * size + i] as number))).toBeLessThan(1e-6);
      });
    } finally {
      await runtime.dispose();
    }
  });
});
