/** Starts TensorFlow.js on the fastest backend that can train here: native if installed, else wasm (SIMD). */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// The full package registers every gradient into the shared tfjs-core engine (tfjs-core alone registers none in Node).
import "@tensorflow/tfjs";

export type TfBackendName = "wasm" | "cpu" | "tensorflow" | "webgpu";

let wasmPathsSet = false;

export async function initTf(preferred: TfBackendName = "wasm"): Promise<typeof tf> {
  // production mode: no NaN checks per kernel, no console advice about the native binding
  tf.env().set("PROD", true);
  if (tf.getBackend() === preferred) return tf;
  if (preferred === "wasm" && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    setWasmPaths(`${join(dist, "/")}`);
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(preferred);
  if (!ok) throw new Error(`TensorFlow.js backend '${preferred}' could not start`);
  await tf.ready();
  return tf;
}
