/**
 * The decoder's training step as one ONNX graph: forward pass, MSE loss, and the backward pass written
 * out by hand (ONNX Runtime has no autodiff here). ONNX Runtime's convolutions run ~2.5x faster than
 * tfjs-wasm's on this CPU, so this is the fast gradient engine; gradients match the TF.js engine (tested).
 *
 * Inputs: codes [B, L], the weights in ONNX layout (dense columns in (c, y, x) order; conv kernels OIHW plus a
 * flipped copy [I, O, 3, 3]), target [B, 3, H, W] (0..1) and gscale [1] = 2 / (B·3·H·W). Outputs, by head:
 * - 'mse': loss, grad.codes and each weight's gradient (conv kernels as [9·Cin, Cout] = TF.js layout);
 * - 'mse-codes': loss and grad.codes only (a frozen decoder's step: no weight gradients computed, a third
 *   fewer FLOPs).
 */
import { baseGrid, type DecoderConfig } from "../../facemodel/decoder/architecture";
import { conv3x3Attrs, resizeNearest2x } from "../../facemodel/decoder/onnxExport";
import { GraphBuilder, int, ints } from "../../facemodel/decoder/onnxGraph";
import { biasGrad, filterGrad, positiveMask } from "./onnxBackward";

export type TrainingHead = "mse" | "mse-codes";

export function buildTrainingGraph(config: DecoderConfig, head: TrainingHead = "mse"): Uint8Array {
  const g = new GraphBuilder();
  const grid = baseGrid(config);
  const c0 = config.widths[0] as number;
  const cells = grid.height * grid.width;
  const L = config.latent;
  const codes = g.input("codes", ["B", L]);
  const denseK = g.input("dense.kernel", [L, cells * c0]);
  const denseB = g.input("dense.bias", [cells * c0]);

  // forward
  const d = g.op("Gemm", [codes, denseK, denseB]);
  const x0 = g.op("Reshape", [g.op("Relu", [d]), g.i64([-1, c0, grid.height, grid.width])]);
  const layers: {
    u: string;
    x: string;
    k: string;
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
    const b = g.input(`conv${i}.bias`, [cout]);
    const u = resizeNearest2x(g, x);
    x = g.op("Relu", [g.op("Conv", [u, k, b], conv3x3Attrs())]);
    layers.push({ u, x, k, cin, cout, h, w, name: `conv${i}` });
  }
  const last = config.widths[config.widths.length - 1] as number;
  const ok = g.input("out.kernel", [3, last, 3, 3]);
  const ob = g.input("out.bias", [3]);
  const y = g.op("Sigmoid", [g.op("Conv", [x, ok, ob], conv3x3Attrs())]);
  const weightGrads = head === "mse";
  const target = g.input("target", ["B", 3, config.height, config.width]);
  const gscale = g.input("gscale", [1]);
  const diff = g.op("Sub", [y, target]);
  g.op("ReduceMean", [g.op("Mul", [diff, diff])], [int("keepdims", 0)], "loss");
  g.output("loss", []);
  const dy = g.op("Mul", [diff, gscale]);

  // backward
  const one = g.f32("one", [1], Float32Array.from([1]));
  const four = g.f32("four", [1], Float32Array.from([4]));
  const dLogits = g.op("Mul", [dy, g.op("Mul", [y, g.op("Sub", [one, y])])]);
  if (weightGrads) {
    filterGrad(g, x, dLogits, { cin: last, cout: 3, h: config.height, w: config.width }, "grad.out.kernel");
    biasGrad(g, dLogits, 3, "grad.out.bias");
  }
  // flipped kernels (rotated 180°, in and out swapped) carry the gradient back through each conv
  let dx = g.op("Conv", [dLogits, g.input("out.flip", [last, 3, 3, 3])], conv3x3Attrs());
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as (typeof layers)[number];
    const dc = g.op("Mul", [dx, positiveMask(g, l.x)]);
    if (weightGrads) {
      filterGrad(g, l.u, dc, { cin: l.cin, cout: l.cout, h: l.h, w: l.w }, `grad.${l.name}.kernel`);
      biasGrad(g, dc, l.cout, `grad.${l.name}.bias`);
    }
    const du = g.op("Conv", [dc, g.input(`${l.name}.flip`, [l.cin, l.cout, 3, 3])], conv3x3Attrs());
    dx = g.op("Mul", [g.op("AveragePool", [du], [ints("kernel_shape", [2, 2]), ints("strides", [2, 2])]), four]);
  }
  const dd = g.op("Mul", [g.op("Reshape", [dx, g.i64([-1, cells * c0])]), positiveMask(g, d)]);
  if (weightGrads) {
    g.op("Gemm", [codes, dd], [int("transA", 1)], "grad.dense.kernel");
    g.output("grad.dense.kernel", [L, cells * c0]);
    g.op("ReduceSum", [dd, g.i64([0])], [int("keepdims", 0)], "grad.dense.bias");
    g.output("grad.dense.bias", [cells * c0]);
  }
  g.op("Gemm", [dd, denseK], [int("transB", 1)], "grad.codes");
  g.output("grad.codes", ["B", L]);
  return g.encode(`decoder-training-step-${head}`);
}
