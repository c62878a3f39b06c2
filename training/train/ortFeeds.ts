/** Feeding the trainer's ONNX Runtime sessions from its flat arrays, and reading their outputs back. */
import * as ort from "onnxruntime-node";
import { toOihw } from "../../facemodel/decoder/onnxGraph";

/**
 * A 3x3 kernel in TF.js layout [3, 3, cin, cout] fed as `name` (OIHW) and, for the backward pass, as `name`
 * with `.kernel` → `.flip` (rotated 180°, in and out swapped: [cin, cout, 3, 3]).
 */
export function feedConvKernel(
  feeds: Record<string, ort.Tensor>,
  name: string,
  values: ArrayLike<number>,
  channels: { cin: number; cout: number },
): void {
  const { cin, cout } = channels;
  feeds[name] = new ort.Tensor("float32", toOihw(values, cin, cout), [cout, cin, 3, 3]);
  feeds[name.replace(".kernel", ".flip")] = new ort.Tensor("float32", toOihw(values, cin, cout, true), [
    cin,
    cout,
    3,
    3,
  ]);
}

/** n images of `pixels` pixels: NHWC bytes 0..255 → NCHW floats 0..1. */
export function bytesToNchw(bytes: ArrayLike<number>, n: number, pixels: number): Float32Array {
  const out = new Float32Array(n * 3 * pixels);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < pixels; p++)
      for (let c = 0; c < 3; c++) out[(b * 3 + c) * pixels + p] = (bytes[(b * pixels + p) * 3 + c] as number) / 255;
  return out;
}

/** Runs a session; its outputs copied out of ORT's buffers, which are freed here, not when V8 collects them. */
export async function runCopied(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
): Promise<Record<string, Float32Array>> {
  const out = await session.run(feeds);
  const data = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));
  for (const t of Object.values(out)) t.dispose?.();
  return data;
}

/** A named output of a run, or an error that names it. */
export function outputOf(out: Record<string, Float32Array>, name: string, graph: string): Float32Array {
  const t = out[name];
  if (!t) throw new Error(`${graph} graph produced no ${name}`);
  return t;
}
