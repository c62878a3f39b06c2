import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import { createCudaRuntime, cudaDevice, loadCudaAddon } from "../../../facemodel/runtime/cudaRuntime";
import { tinyModelDir } from "../../helpers/tinyModel";

const NVCC = (() => {
  try {
    execFileSync("sh", ["-c", "command -v nvcc || test -x /usr/local/bin/nvcc"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!NVCC) console.warn("CUDA addon tests skipped: no nvcc here (CI has it)");

describe.skipIf(!NVCC)("the CUDA decoder addon", () => {
  it("builds where nvcc is, loads, and says there is no device without a GPU instead of failing", async () => {
    execFileSync("bash", ["scripts/cuda/build.sh"], { stdio: "pipe" });
    const { addon, problem } = loadCudaAddon();
    expect(problem).toBeUndefined();
    const found = addon?.probe();
    if (found?.devices) return; // a GPU machine: scripts/gpu/check.sh holds the GPU to its figures
    // the GPU machine's own script runs on Node alone, and says so when there is no device
    const lines = execFileSync("node", ["scripts/gpu/cudaChecks.mjs", await tinyModelDir()])
      .toString()
      .trim();
    const [device, host] = lines.split("\n").map((l) => JSON.parse(l));
    expect(device.device.devices).toBe(0);
    expect(host.hostMsPerFace).toBeGreaterThan(0);
    expect(found?.error).toMatch(/driver|no CUDA-capable device/i);
    expect(cudaDevice().problem).toMatch(/^no CUDA device: /);
    const model = await loadModel(await tinyModelDir());
    await expect(createCudaRuntime(model.manifest.architecture, model.weights)).rejects.toThrow(/no CUDA device/);
    // forced, it fails clearly; chosen, the CPU decodes
    await expect(createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "cuda" })).rejects.toThrow(
      /no CUDA device/,
    );
    const chosen = await createDecoderRuntime(model.manifest.architecture, model.weights);
    expect(chosen.backend).not.toBe("cuda");
    await chosen.dispose();
  }, 120_000);

  it("computes the kernels' pass on the host within one level of ONNX Runtime on the CPU, and refuses bad input", async () => {
    const { addon } = loadCudaAddon();
    if (!addon) throw new Error("the addon is not built");
    const model = await loadModel(await tinyModelDir());
    const { architecture } = model.manifest;
    const n = 4;
    const codes = model.codes.subarray(0, n * architecture.latent);
    const bytes = addon.decodeHost(architecture, model.weights, codes, n);
    const reference = await createDecoderRuntime(architecture, model.weights, { backend: "onnx-cpu" });
    const floats = await reference.decode(codes, n);
    await reference.dispose();
    expect(bytes.length).toBe(floats.length);
    let worst = 0;
    floats.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(Math.round(v * 255) - (bytes[i] as number)));
    });
    expect(worst).toBeLessThanOrEqual(1);
    expect(() => addon.decodeHost(architecture, model.weights.subarray(1), codes, n)).toThrow(/do not match/);
    expect(() => addon.decodeHost(architecture, model.weights, codes, n + 1)).toThrow(/fewer codes/);
    expect(() => addon.decodeHost({ ...architecture, widths: [] }, model.weights, codes, n)).toThrow(/widths/);
  }, 120_000);
});
