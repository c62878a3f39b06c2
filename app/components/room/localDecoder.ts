/**
 * The room's decoder on this device: ONNX Runtime Web (WebAssembly, SIMD, threads when the page is
 * cross-origin isolated) in a worker of its own (ORT's proxy), on the graph the server sends for the
 * room's model version (sliders in, pixels out). Loaded from the server's own files, outside the page's
 * bundle; a device that draws a face slower than the budget is not used.
 */
import type * as Ort from "onnxruntime-web";
import { decoderPath, ORT_ASSETS } from "../../../lib/localDrawing";
import { withKey } from "./roomKey";

/** A face drawn here must take at most this long, measured at load (else server frames only). */
export const LOCAL_BUDGET_MS = 50;

export interface LocalDecoder {
  /** one face's time here, measured at load (the median of three) */
  msPerFace: number;
  threads: number;
  /** the face of these sliders, as the canvas takes it */
  draw(sliders: ArrayLike<number>): Promise<ImageData>;
  dispose(): void;
}

export type LocalDecoderResult = { decoder: LocalDecoder } | { unavailable: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function openLocalDecoder(
  roomId: string,
  version: string,
  latent: number,
  size: { width: number; height: number },
): Promise<LocalDecoderResult> {
  if (typeof WebAssembly === "undefined") return { unavailable: "this browser has no WebAssembly" };
  const ort = (await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ `${ORT_ASSETS}ort.wasm.min.mjs`
  )) as typeof Ort;
  ort.env.wasm.wasmPaths = ORT_ASSETS;
  // threads need SharedArrayBuffer: the server isolates its pages (COOP and COEP)
  const threads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
  ort.env.wasm.numThreads = threads;
  // the decoder runs in ORT's own worker: the page stays free while it draws
  ort.env.wasm.proxy = true;
  const res = await fetch(withKey(decoderPath(roomId, version)));
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    return { unavailable: body.error ?? `the decoder could not be fetched (${res.status})` };
  }
  const session = await ort.InferenceSession.create(new Uint8Array(await res.arrayBuffer()), {
    executionProviders: ["wasm"],
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
  // the first run compiles; the next three say what a face costs here
  const zero = new Float32Array(latent);
  await draw(zero);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await draw(zero);
    times.push(performance.now() - start);
  }
  const msPerFace = median(times);
  const dispose = () => void session.release().catch(() => {});
  if (msPerFace > LOCAL_BUDGET_MS) {
    dispose();
    return { unavailable: `this device draws a face in ${Math.round(msPerFace)} ms (over ${LOCAL_BUDGET_MS} ms)` };
  }
  return { decoder: { msPerFace, threads, draw, dispose } };
}
