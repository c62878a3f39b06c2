/** The decoder's forward pass in TensorFlow.js, over a named set of weight tensors. */
import * as tf from "@tensorflow/tfjs-core";
import type { Rng } from "../../lib/random";
import { normal } from "../../lib/random";
import { baseGrid, type DecoderConfig, weightSpecs } from "./architecture";
import { conv3x3, upsample2x } from "./trainableOps";

export type DecoderWeights = Map<string, tf.Tensor>;

/** He-normal kernels, zero biases; deterministic for a seed. Returns plain arrays, so any owner can wrap them. */
export function initialWeights(config: DecoderConfig, rng: Rng): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const spec of weightSpecs(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (spec.fanIn > 0) {
      const std = Math.sqrt(2 / spec.fanIn);
      for (let i = 0; i < size; i++) values[i] = normal(rng) * std;
    }
    out.set(spec.name, values);
  }
  return out;
}

function get(weights: DecoderWeights, name: string): tf.Tensor {
  const t = weights.get(name);
  if (!t) throw new Error(`decoder weight '${name}' is missing`);
  return t;
}

/** codes [B, latent] → images [B, H, W, 3] in 0..1. Differentiable on every backend. */
export function decodeGraph(config: DecoderConfig, weights: DecoderWeights, codes: tf.Tensor2D): tf.Tensor4D {
  const grid = baseGrid(config);
  const batch = codes.shape[0];
  const dense = tf.relu(
    tf.add(tf.matMul(codes, get(weights, "dense.kernel") as tf.Tensor2D), get(weights, "dense.bias")),
  );
  let x = tf.reshape(dense, [batch, grid.height, grid.width, config.widths[0] as number]) as tf.Tensor4D;
  for (let i = 1; i < config.widths.length; i++) {
    x = upsample2x(x);
    x = conv3x3(x, get(weights, `conv${i}.kernel`) as tf.Tensor4D, get(weights, `conv${i}.bias`) as tf.Tensor1D, true);
  }
  const logits = conv3x3(x, get(weights, "out.kernel") as tf.Tensor4D, get(weights, "out.bias") as tf.Tensor1D, false);
  return tf.sigmoid(logits);
}
