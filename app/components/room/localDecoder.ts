/**
 * The room's decoder on this device: ONNX Runtime Web on the graph the server sends for the room's model
 * version (sliders in, pixels out): WebGPU on a hardware GPU, else WebAssembly (SIMD, threads when the
 * page is cross-origin isolated) in a worker of its own (ORT's proxy). Loaded from the server's own
 * files, outside the page's bundle; a backend slower than the budget is not used, and a device with none
 * quick enough takes the server's frames.
 */
import type * as Ort from "onnxruntime-web";
import { decoderPath, ORT_ASSETS } from "../../../lib/localDrawing";
import { withKey } from "./roomKey";

/** A face drawn here must take at most this long, measured at load (else server frames only). */
export const LOCAL_BUDGET_MS = 50;

export interface LocalDecoder {
  /** "webgpu" on a hardware GPU, else "wasm" */
  backend: "webgpu" | "wasm";
  /** one face's time here, measured at load (the median of three) */
  msPerFace: number;
  threads: number;
  /** the face of these sliders, as the canvas takes it */
  draw(sliders: ArrayLike<number>): Promise<ImageData>;
  dispose(): void;
}

export type LocalDecoderResult = { decoder: LocalDecoder } | { unavailable: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** ORT's module for a backend: the WebGPU build (with its own WebAssembly), or the WebAssembly one. */
const MODULES = { webgpu: "ort.webgpu.min.mjs", wasm: "ort.wasm.min.mjs" } as const;

interface GpuAdapter {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
}

/** Whether the browser has a hardware WebGPU adapter (a software one, like SwiftShader, is slower than WebAssembly). */
async function hardwareGpu(): Promise<boolean> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;
  if (!gpu) return false;
  try {
    const adapter = await gpu.requestAdapter();
    return adapter !== null && !(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false);
  } catch {
    return false;
  }
}

/** A session of the graph on one backend, timed: the median of three faces after a first that compiles. */
async function timedDecoder(
  backend: LocalDecoder["backend"],
  graph: Uint8Array,
  latent: number,
  size: { width: number; height: number },
): Promise<LocalDecoder> {
  const ort = (await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ `${ORT_ASSETS}${MODULES[backend]}`
  )) as typeof Ort;
  ort.env.wasm.wasmPaths = ORT_ASSETS;
  // threads need SharedArrayBuffer: the server isolates its pages (COOP and COEP)
  const threads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
  ort.env.wasm.numThreads = threads;
  // the decoder runs in ORT's own worker: the page stays free while it draws (WebGPU runs on the page)
  ort.env.wasm.proxy = backend === "wasm";
  const session = await ort.InferenceSession.create(graph.slice(), {
    executionProviders: [backend],
    graphOptimizationLevel: "all",
  });
  const pixels = size.width * size.height;
  const draw = async (sliders: ArrayLike<number>) => {
    // a new tensor each time: the proxy worker takes its buffer
    const input = new ort.Tensor("float32", Float32Array.from(sliders), [1, latent]);
    const out = (await session.run({ sliders: input }, ["pixels"])).pixels;
    const rgb = out?.data as Uint8Array;
    const rgba = new Uint8ClampedArray(pixels * 4);
    for (let i = 0; i < pixels; i++) {
      rgba[i * 4] = rgb[i * 3] as number;
      rgba[i * 4 + 1] = rgb[i * 3 + 1] as number;
      rgba[i * 4 + 2] = rgb[i * 3 + 2] as number;
      rgba[i * 4 + 3] = 255;
    }
    return new ImageData(rgba, size.width, size.height);
  };
  const zero = new Float32Array(latent);
  await draw(zero);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await draw(zero);
    times.push(performance.now() - start);
  }
  return { backend, msPerFace: median(times), threads, draw, dispose: () => void session.release().catch(() => {}) };
}

/** The room's decoder here: on a hardware GPU if there is one and it is quick enough, else WebAssembly. */
export async function openLocalDecoder(
  roomId: string,
  version: string,
  latent: number,
  size: { width: number; height: number },
): Promise<LocalDecoderResult> {
  if (typeof WebAssembly === "undefined") return { unavailable: "this browser has no WebAssembly" };
  const res = await fetch(withKey(decoderPath(roomId, version)));
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return { unavailable: body.error ?? `the decoder could not be fetched (${res.status})` };
  }
  const graph = new Uint8Array(await res.arrayBuffer());
  const slow: string[] = [];
  for (const backend of (await hardwareGpu()) ? (["webgpu", "wasm"] as const) : (["wasm"] as const)) {
    const decoder = await timedDecoder(backend, graph, latent, size).catch((error: unknown) => {
      slow.push(`${backend}: ${(error as Error).message}`);
      return null;
    });
    if (!decoder) continue;
    if (decoder.msPerFace <= LOCAL_BUDGET_MS) return { decoder };
    decoder.dispose();
    slow.push(`${backend} ${Math.round(decoder.msPerFace)} ms`);
  }
  return { unavailable: `this device draws a face too slowly (${slow.join(", ")}; at most ${LOCAL_BUDGET_MS} ms)` };
}
