/**
 * The decoder's training step as one ONNX graph: forward pass, MSE loss, and the backward pass written
 * out by hand (ONNX Runtime has no autodiff here). ONNX Runtime's convolutions run ~2.5x faster than
 * tfjs-wasm's on this CPU, so this is the fast gradient engine; gradients match the TF.js engine (tested).
 *
 * Inputs: codes [B, L], target [B, 3, H, W] (0..1), gscale [1] = 2 / (B·3·H·W), and the weights in ONNX
 * layout (dense columns in (c, y, x) order; conv kernels OIHW plus a flipped copy [I, O, 3, 3]).
 * Outputs: loss, grad.codes, and each weight's gradient (conv kernels as [9·Cin, Cout] = TF.js layout).
 */
import { baseGrid, type DecoderConfig } from "../decoder/architecture";
import { conv3x3Attrs, resizeNearest2x } from "../decoder/onnxExport";
import { GraphBuilder, int, ints } from "../decoder/onnxGraph";

export function buildTrainingGraph(config: DecoderConfig): Uint8Array {
  const g = new GraphBuilder();
  const grid = baseGrid(config);
  const c0 = config.widths[0] as number;
  const cells = grid.height * grid.width;
  const L = config.latent;
  const codes = g.input("codes", ["B", L]);
  const target = g.input("target", ["B", 3, config.height, config.width]);
  const gscale = g.input("gscale", [1]);
  const one = g.f32("one", [1], Float32Array.from([1]));
  const zero = g.f32("zero", [1], Float32Array.from([0]));
  const four = g.f32("four", [1], Float32Array.from([4]));
  const denseK = g.input("dense.kernel", [L, cells * c0]);
  const denseB = g.input("dense.bias", [cells * c0]);
  const mask = (x: string) => g.op("Cast", [g.op("Greater", [x, zero])], [int("to", 1)]);

  // forward
  const d = g.op("Gemm", [codes, denseK, denseB]);
  const x0 = g.op("Reshape", [g.op("Relu", [d]), g.i64([-1, c0, grid.height, grid.width])]);
  const layers: {
    u: string;
    x: string;
    k: string;
    flip: string;
    cin: number;
    cout: number;
    h: number;
    w: number;
    name: string;
  }[] = [];
  let x = x0;
  let h = grid.height;
  let w = grid.width;
  for (let i = 1; i < config.widths.length; i++) {
    const cin = config.widths[i - 1] as number;
    const cout = config.widths[i] as number;
    h *= 2;
    w *= 2;
    const k = g.input(`conv${i}.kernel`, [cout, cin, 3, 3]);
    const flip = g.input(`conv${i}.flip`, [cin, cout, 3, 3]);
    const b = g.input(`conv${i}.bias`, [cout]);
    const u = resizeNearest2x(g, x);
    x = g.op("Relu", [g.op("Conv", [u, k, b], conv3x3Attrs())]);
    layers.push({ u, x, k, flip, cin, cout, h, w, name: `conv${i}` });
  }
  const last = config.widths[config.widths.length - 1] as number;
  const ok = g.input("out.kernel", [3, last, 3, 3]);
  const oflip = g.input("out.flip", [last, 3, 3, 3]);
  const ob = g.input("out.bias", [3]);
  const y = g.op("Sigmoid", [g.op("Conv", [x, ok, ob], conv3x3Attrs())]);
  const diff = g.op("Sub", [y, target]);
  g.op("ReduceMean", [g.op("Mul", [diff, diff])], [int("keepdims", 0)], "loss");
  g.output("loss", []);

  // backward
  /** dW of a 3x3 same conv as 9 GEMMs over shifted views of the padded input: [9·Cin, Cout], tap-major. */
  const filterGrad = (input: string, dOut: string, cin: number, cout: number, hh: number, ww: number, out: string) => {
    const padded = g.op("Pad", [input, g.i64([0, 0, 1, 1, 0, 0, 1, 1])]);
    const byChannel = g.op("Transpose", [padded], [ints("perm", [1, 0, 2, 3])]);
    const dOutM = g.op("Reshape", [g.op("Transpose", [dOut], [ints("perm", [1, 0, 2, 3])]), g.i64([cout, -1])]);
    const taps: string[] = [];
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++) {
        const view = g.op("Slice", [byChannel, g.i64([ky, kx]), g.i64([ky + hh, kx + ww]), g.i64([2, 3])]);
        taps.push(g.op("Gemm", [g.op("Reshape", [view, g.i64([cin, -1])]), dOutM], [int("transB", 1)]));
      }
    g.op("Concat", taps, [int("axis", 0)], out);
    g.output(out, [9 * cin, cout]);
  };
  const biasGrad = (dOut: string, channels: number, out: string) => {
    g.op("ReduceSum", [dOut, g.i64([0, 2, 3])], [int("keepdims", 0)], out);
    g.output(out, [channels]);
  };
  const dy = g.op("Mul", [diff, gscale]);
  const dLogits = g.op("Mul", [dy, g.op("Mul", [y, g.op("Sub", [one, y])])]);
  filterGrad(x, dLogits, last, 3, config.height, config.width, "grad.out.kernel");
  biasGrad(dLogits, 3, "grad.out.bias");
  let dx = g.op("Conv", [dLogits, oflip], conv3x3Attrs());
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as (typeof layers)[number];
    const dc = g.op("Mul", [dx, mask(l.x)]);
    filterGrad(l.u, dc, l.cin, l.cout, l.h, l.w, `grad.${l.name}.kernel`);
    biasGrad(dc, l.cout, `grad.${l.name}.bias`);
    const du = g.op("Conv", [dc, l.flip], conv3x3Attrs());
    dx = g.op("Mul", [g.op("AveragePool", [du], [ints("kernel_shape", [2, 2]), ints("strides", [2, 2])]), four]);
  }
  const dd = g.op("Mul", [g.op("Reshape", [dx, g.i64([-1, cells * c0])]), mask(d)]);
  g.op("Gemm", [codes, dd], [int("transA", 1)], "grad.dense.kernel");
  g.output("grad.dense.kernel", [L, cells * c0]);
  g.op("ReduceSum", [dd, g.i64([0])], [int("keepdims", 0)], "grad.dense.bias");
  g.output("grad.dense.bias", [cells * c0]);
  g.op("Gemm", [dd, denseK], [int("transB", 1)], "grad.codes");
  g.output("grad.codes", ["B", L]);
  return g.encode("decoder-training-step");
}
