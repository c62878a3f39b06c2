/** Decoding with TensorFlow.js: the wasm backend (always there) or a native binding if one is installed. */
import type { DecoderConfig } from "../decoder/architecture";
import { initTf, type TfBackendName } from "../decoder/tfBackend";
import { TfDecoder } from "../decoder/tfDecode";
import type { DecoderRuntime } from "./decoderRuntime";

const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"];

/** True when a native TF.js binding is installed (never a dependency: its install needs the internet). */
export async function nativeTfAvailable(): Promise<boolean> {
  for (const name of NATIVE_PACKAGES) {
    try {
      await import(name);
      return true;
    } catch {
      // not installed
    }
  }
  return false;
}

export async function createTfRuntime(
  config: DecoderConfig,
  weights: Float32Array,
  backend: TfBackendName,
): Promise<DecoderRuntime> {
  if (backend === "tensorflow" && !(await nativeTfAvailable()))
    throw new Error("no native TensorFlow.js binding is installed");
  await initTf(backend);
  const decoder = new TfDecoder(config, weights);
  return {
    backend: backend === "tensorflow" ? "tfjs-native" : `tfjs-${backend}`,
    decode: (codes, n) => decoder.decode(codes, n),
    decodeBytes: (codes, n) => decoder.decodeBytes(codes, n),
    async dispose() {
      decoder.dispose();
    },
  };
}
