/** Reconstruction losses. The Laplacian pyramid is linear, so the pyramid of the difference is taken once. */
import * as tf from "@tensorflow/tfjs-core";
import { upsample2x } from "../../facemodel/decoder/trainableOps";

export type LossName = "mse" | "lap1";

export const mse = (pred: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar => tf.mean(tf.squaredDifference(pred, target));

/**
 * Laplacian-pyramid L1 (Bojanowski et al., GLO): Σ_j 2^j · mean|L_j(pred − target)|, coarse bands weighted up.
 * Stops when a side would become odd.
 */
export function laplacianL1(pred: tf.Tensor4D, target: tf.Tensor4D, levels = 4): tf.Scalar {
  let x = tf.sub(pred, target) as tf.Tensor4D;
  let total = tf.scalar(0);
  let weight = 1;
  for (let j = 0; j < levels; j++) {
    const [, h, w] = x.shape;
    if (h % 2 !== 0 || w % 2 !== 0) break;
    const down = tf.avgPool(x, 2, 2, "valid");
    const band = tf.sub(x, upsample2x(down));
    total = tf.add(total, tf.mul(tf.mean(tf.abs(band)), weight));
    x = down;
    weight *= 2;
  }
  total = tf.add(total, tf.mul(tf.mean(tf.abs(x)), weight));
  return total as tf.Scalar;
}

export const lossFunction = (name: LossName) => (name === "mse" ? mse : laplacianL1);
