/**
 * Faces drawn in the browser: ONNX Runtime Web's files, served by the server under a path that names
 * their version (cached for good), and the decoder graph of a room's model (sliders in, pixels out).
 */
export const ORT_WEB_VERSION = "1.30.0";
export const ORT_ASSETS = `/ort/${ORT_WEB_VERSION}/`;
/**
 * the WebAssembly build (SIMD, threads): its module, its loader and its binary; and the WebGPU build's,
 * fetched only by a browser with a hardware GPU
 */
export const ORT_FILES = [
  "ort.wasm.min.mjs",
  "ort-wasm-simd-threaded.mjs",
  "ort-wasm-simd-threaded.wasm",
  "ort.webgpu.min.mjs",
  "ort-wasm-simd-threaded.jsep.mjs",
  "ort-wasm-simd-threaded.jsep.wasm",
] as const;

/** The room's decoder graph, for its model version (the version makes the address change with it). */
export const decoderPath = (roomId: string, version: string) =>
  `/api/rooms/${roomId}/decoder.onnx?v=${encodeURIComponent(version)}`;
