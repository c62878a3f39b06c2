/**
 * The adversary's discriminator as one ONNX graph with its backward pass written out by hand, like the
 * decoder's training step: images → average-pooled by `inputPool` → N × (conv 3x3, LeakyReLU 0.2, and but for
 * the last an average pool 2x2) → dense → one logit per image (high: a portrait; low: a decoded random face).
 *
 * Inputs: images [B, 3, H, W] (0..1), sign [B, 1] (+1: scored as a portrait, −1: as a fake), weight [B, 1],
 * and the weights: conv{i}.kernel OIHW, conv{i}.flip [I, O, 3, 3], conv{i}.bias, dense.kernel [F, 1] (F in
 * (c, y, x) order), dense.bias [1].
 * Outputs: loss = Σ weight · softplus(−sign · logit), logits [B, 1], each weight's gradient (conv kernels as
 * [9·Cin, Cout], the TF.js layout) and grad.images [B, 3, H, W].
 */
import { conv3x3Attrs } from "../decoder/onnxExport";
import { float, GraphBuilder, int, ints, str } from "../decoder/onnxGraph";
import { biasGrad, filterGrad, positiveMask } from "./onnxBackward";

export interface DiscriminatorConfig {
  height: number;
  width: number;
  /** the images are first averaged over inputPool × inputPool blocks */
  inputPool: number;
  /** channels of each conv layer; every layer but the last is followed by a 2x2 average pool */
  widths: number[];
}

const SLOPE = 0.2;

/**
 * The discriminator for an image size: images first averaged to about 96 pixels high, then up to four conv
 * layers (32, 64, 128, 128 channels), as many as halve the grid evenly.
 */
export function discriminatorFor(height: number, width: number): DiscriminatorConfig {
  let inputPool = Math.max(1, Math.floor(height / 96));
  if (height % inputPool !== 0 || width % inputPool !== 0) inputPool = 1;
  let pools = 0;
  while (pools < 3 && (height / inputPool) % 2 ** (pools + 1) === 0 && (width / inputPool) % 2 ** (pools + 1) === 0)
    pools++;
  return { height, width, inputPool, widths: [32, 64, 128, 128].slice(0, pools + 1) };
}

export const discriminatorSize = (c: DiscriminatorConfig) =>
  discriminatorSpecs(c).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);

/** The grid each layer works at, and the features the dense layer reads. */
export function discriminatorShapes(c: DiscriminatorConfig): { sizes: { h: number; w: number }[]; features: number } {
  const pools = c.widths.length - 1;
  const f = c.inputPool * 2 ** pools;
  if (c.widths.length < 1 || c.height % f !== 0 || c.width % f !== 0)
    throw new Error(
      `a discriminator of ${c.widths.length} layers after a ${c.inputPool}x pool needs ${c.width}x${c.height} divisible by ${f}`,
    );
  const sizes = c.widths.map((_, i) => ({ h: c.height / c.inputPool / 2 ** i, w: c.width / c.inputPool / 2 ** i }));
  const last = sizes[sizes.length - 1] as { h: number; w: number };
  return { sizes, features: (c.widths[c.widths.length - 1] as number) * last.h * last.w };
}

/** Weights in order: (conv{i}.kernel [3, 3, cin, cout], conv{i}.bias) per layer, dense.kernel [F, 1], dense.bias. */
export function discriminatorSpecs(c: DiscriminatorConfig): { name: string; shape: number[]; fanIn: number }[] {
  const { features } = discriminatorShapes(c);
  const specs: { name: string; shape: number[]; fanIn: number }[] = [];
  c.widths.forEach((cout, i) => {
    const cin = i === 0 ? 3 : (c.widths[i - 1] as number);
    specs.push({ name: `conv${i + 1}.kernel`, shape: [3, 3, cin, cout], fanIn: 9 * cin });
    specs.push({ name: `conv${i + 1}.bias`, shape: [cout], fanIn: 0 });
  });
  specs.push({ name: "dense.kernel", shape: [features, 1], fanIn: features });
  specs.push({ name: "dense.bias", shape: [1], fanIn: 0 });
  return specs;
}

/** Nearest upsampling by `factor` (each value repeated factor × factor times): the adjoint of an average pool, × factor². */
function repeat(g: GraphBuilder, x: string, factor: number): string {
  return g.op(
    "Resize",
    [x, "", g.f32(`scales_${x}`, [4], Float32Array.from([1, 1, factor, factor]))],
    [str("mode", "nearest"), str("coordinate_transformation_mode", "asymmetric"), str("nearest_mode", "floor")],
  );
}

const pool = (g: GraphBuilder, x: string, k: number) =>
  g.op("AveragePool", [x], [ints("kernel_shape", [k, k]), ints("strides", [k, k])]);

export function buildDiscriminatorGraph(c: DiscriminatorConfig): Uint8Array {
  const { sizes, features } = discriminatorShapes(c);
  const g = new GraphBuilder();
  const scalar = (name: string, v: number) => g.f32(name, [1], Float32Array.from([v]));
  const images = g.input("images", ["B", 3, c.height, c.width]);
  const sign = g.input("sign", ["B", 1]);
  const weight = g.input("weight", ["B", 1]);

  // forward: images to −1..1, pooled, then the layers
  let x = g.op("Sub", [g.op("Mul", [images, scalar("two", 2)]), scalar("one", 1)]);
  if (c.inputPool > 1) x = pool(g, x, c.inputPool);
  const layers: { input: string; pre: string; cin: number; cout: number; flip: string; h: number; w: number }[] = [];
  c.widths.forEach((cout, i) => {
    const cin = i === 0 ? 3 : (c.widths[i - 1] as number);
    const k = g.input(`conv${i + 1}.kernel`, [cout, cin, 3, 3]);
    const flip = g.input(`conv${i + 1}.flip`, [cin, cout, 3, 3]);
    const b = g.input(`conv${i + 1}.bias`, [cout]);
    const pre = g.op("Conv", [x, k, b], conv3x3Attrs());
    const size = sizes[i] as { h: number; w: number };
    layers.push({ input: x, pre, cin, cout, flip, ...size });
    const a = g.op("LeakyRelu", [pre], [float("alpha", SLOPE)]);
    x = i < c.widths.length - 1 ? pool(g, a, 2) : a;
  });
  const flat = g.op("Reshape", [x, g.i64([-1, features])]);
  const denseK = g.input("dense.kernel", [features, 1]);
  const denseB = g.input("dense.bias", [1]);
  const logits = g.op("Gemm", [flat, denseK, denseB], [], "logits");
  g.output("logits", ["B", 1]);
  const z = g.op("Neg", [g.op("Mul", [sign, logits])]);
  g.op("ReduceSum", [g.op("Mul", [weight, g.op("Softplus", [z])])], [int("keepdims", 0)], "loss");
  g.output("loss", []);

  // backward: ∂loss/∂logit = −sign · weight · σ(z)
  const dLogits = g.op("Neg", [g.op("Mul", [g.op("Mul", [sign, weight]), g.op("Sigmoid", [z])])]);
  g.op("Gemm", [flat, dLogits], [int("transA", 1)], "grad.dense.kernel");
  g.output("grad.dense.kernel", [features, 1]);
  g.op("ReduceSum", [dLogits, g.i64([0])], [int("keepdims", 0)], "grad.dense.bias");
  g.output("grad.dense.bias", [1]);
  const lastLayer = layers[layers.length - 1] as (typeof layers)[number];
  let dx = g.op("Reshape", [
    g.op("Gemm", [dLogits, denseK], [int("transB", 1)]),
    g.i64([-1, lastLayer.cout, lastLayer.h, lastLayer.w]),
  ]);
  const quarter = scalar("quarter", 0.25);
  const slope = scalar("slope", SLOPE);
  const rest = scalar("rest", 1 - SLOPE);
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i] as (typeof layers)[number];
    const da = i < layers.length - 1 ? g.op("Mul", [repeat(g, dx, 2), quarter]) : dx;
    // LeakyReLU's derivative: 1 where pre > 0, else the slope
    const dPre = g.op("Mul", [da, g.op("Add", [g.op("Mul", [positiveMask(g, l.pre), rest]), slope])]);
    filterGrad(g, l.input, dPre, { cin: l.cin, cout: l.cout, h: l.h, w: l.w }, `grad.conv${i + 1}.kernel`);
    biasGrad(g, dPre, l.cout, `grad.conv${i + 1}.bias`);
    dx = g.op("Conv", [dPre, l.flip], conv3x3Attrs());
  }
  if (c.inputPool > 1) dx = g.op("Mul", [repeat(g, dx, c.inputPool), scalar("poolShare", 1 / c.inputPool ** 2)]);
  g.op("Mul", [dx, scalar("twoBack", 2)], [], "grad.images");
  g.output("grad.images", ["B", 3, c.height, c.width]);
  return g.encode("discriminator-step");
}
