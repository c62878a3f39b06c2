/** Pieces of hand-written backward passes in ONNX graphs (ONNX Runtime has no autodiff here). */
import { type GraphBuilder, int, ints } from "../../facemodel/decoder/onnxGraph";

/** 1 where x > 0, else 0 (the derivative of ReLU at x). */
export function positiveMask(g: GraphBuilder, x: string): string {
  const zero = g.f32(`zero_${x}`, [1], Float32Array.from([0]));
  return g.op("Cast", [g.op("Greater", [x, zero])], [int("to", 1)]);
}

/**
 * dW of a 3x3 same conv (NCHW input [B, cin, h, w], dOut [B, cout, h, w]) as 9 GEMMs over shifted views of the
 * padded input: [9·cin, cout], tap-major (TF.js's HWIO layout). Declared as the graph output `out`.
 */
export function filterGrad(
  g: GraphBuilder,
  input: string,
  dOut: string,
  shape: { cin: number; cout: number; h: number; w: number },
  out: string,
): void {
  const { cin, cout, h, w } = shape;
  const padded = g.op("Pad", [input, g.i64([0, 0, 1, 1, 0, 0, 1, 1])]);
  const byChannel = g.op("Transpose", [padded], [ints("perm", [1, 0, 2, 3])]);
  const dOutM = g.op("Reshape", [g.op("Transpose", [dOut], [ints("perm", [1, 0, 2, 3])]), g.i64([cout, -1])]);
  const taps: string[] = [];
  for (let ky = 0; ky < 3; ky++)
    for (let kx = 0; kx < 3; kx++) {
      const view = g.op("Slice", [byChannel, g.i64([ky, kx]), g.i64([ky + h, kx + w]), g.i64([2, 3])]);
      taps.push(g.op("Gemm", [g.op("Reshape", [view, g.i64([cin, -1])]), dOutM], [int("transB", 1)]));
    }
  g.op("Concat", taps, [int("axis", 0)], out);
  g.output(out, [9 * cin, cout]);
}

/** db of a conv: dOut summed over batch and space, declared as the graph output `out`. */
export function biasGrad(g: GraphBuilder, dOut: string, channels: number, out: string): void {
  g.op("ReduceSum", [dOut, g.i64([0, 2, 3])], [int("keepdims", 0)], out);
  g.output(out, [channels]);
}
