/** The one interface every decoding backend implements: a batch of codes in, RGB images out. */
export interface DecoderRuntime {
  /** e.g. 'cuda', 'onnx-cpu', 'onnx-webgpu', 'tfjs-wasm', 'tfjs-native' */
  readonly backend: string;
  /** codes: n × latent floats → n × H × W × 3 floats in 0..1 (row-major RGB) */
  decode(codes: Float32Array, n: number): Promise<Float32Array>;
  /**
   * The same faces as 8-bit RGB (round(v × 255)), converted by the backend itself (in the graph, or in
   * native code): what the live server draws frames from
   */
  decodeBytes(codes: Float32Array, n: number): Promise<Uint8Array>;
  /** the most faces worth decoding in one call (the render scheduler's batch): large on a GPU; default 32 */
  readonly preferredBatch?: number;
  dispose(): Promise<void>;
}

export const BACKENDS = ["cuda", "onnx-cpu", "onnx-webgpu", "tfjs-wasm", "tfjs-native"] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface RuntimeOptions {
  /** force a backend; otherwise the fastest available is chosen */
  backend?: BackendName;
  threads?: number;
  /**
   * decode on a worker thread of the decoder's own (the live server: a synchronous backend would stall
   * the event loop for every decode); the CUDA addon decodes on its own threads and is never moved
   */
  offThread?: boolean;
}
