/**
 * Decoder layers with hand-written gradients built only from forward kernels, so they train on
 * tfjs-wasm (which has no Conv2DBackpropFilter) and avoid the 'cpu' backend's wrong
 * ResizeNearestNeighborGrad for batches > 1.
 */
import * as tf from "@tensorflow/tfjs-core";

type T4 = tf.Tensor4D;

/** dW of a 3x3 'same' stride-1 conv as a forward conv: batch and channels swap roles. */
export function conv3x3FilterGrad(x: T4, dy: T4): T4 {
  return tf.tidy(() => {
    const xT = tf.transpose(x, [3, 1, 2, 0]) as T4; // [Ci, H, W, B]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as T4; // [H, W, B, Co]
    const dw = tf.conv2d(
      xT,
      dyT,
      1,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      "NHWC",
    ); // [Ci, 3, 3, Co]
    return tf.transpose(dw, [1, 2, 0, 3]) as T4;
  });
}

/** dX of a 3x3 'same' stride-1 conv: conv of dy with the filter flipped and in/out swapped. */
export function conv3x3InputGrad(dy: T4, w: T4): T4 {
  return tf.tidy(() => {
    const flipped = tf.reverse(w, [0, 1]);
    const swapped = tf.transpose(flipped, [0, 1, 3, 2]) as T4;
    return tf.conv2d(dy, swapped, 1, "same");
  });
}

/** conv 3x3 (same) + bias, then ReLU (or nothing), with gradients from forward kernels. */
export function conv3x3(x: T4, w: T4, b: tf.Tensor1D, relu: boolean): T4 {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, bi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const y = tf.fused.conv2d({
      x: xi as T4,
      filter: wi as T4,
      strides: 1,
      pad: "same",
      bias: bi,
      activation: relu ? "relu" : "linear",
    });
    save([xi, wi, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as [T4, T4, T4];
        const g = relu ? tf.mul(dy, tf.step(sy)) : dy;
        return [conv3x3InputGrad(g as T4, sw), conv3x3FilterGrad(sx, g as T4), tf.sum(g, [0, 1, 2])];
      },
    };
  });
  return op(x, w, b) as T4;
}

/** Nearest-neighbour ×2 upsampling; its gradient is a 2x2 sum pool (avgPool × 4). */
export function upsample2x(x: T4): T4 {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [, h, w] = xi.shape as [number, number, number, number];
    save([]);
    return {
      value: tf.image.resizeNearestNeighbor(xi as T4, [h * 2, w * 2]),
      gradFunc: (dy: tf.Tensor) => tf.mul(tf.avgPool(dy as T4, 2, 2, "valid"), 4),
    };
  });
  return op(x) as T4;
}
