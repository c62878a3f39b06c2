import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { createRng } from "../../../../lib/random";
import { initTf } from "../../../../server/model/decoder/tfBackend";
import { createDiscriminator, initialDiscriminator } from "../../../../server/model/train/discriminator";
import {
  type DiscriminatorConfig,
  discriminatorFor,
  discriminatorShapes,
  discriminatorSpecs,
} from "../../../../server/model/train/discriminatorGraph";

const CONFIG: DiscriminatorConfig = { height: 32, width: 24, inputPool: 2, widths: [6, 8, 5] };

/** The same discriminator in TF.js (NHWC inside), differentiated by TF.js's own kernels on 'cpu'. */
function tfReference(
  c: DiscriminatorConfig,
  weights: Float32Array,
  images: Float32Array,
  sign: Float32Array,
  weight: Float32Array,
) {
  const n = sign.length;
  const specs = discriminatorSpecs(c);
  let offset = 0;
  const tensors = specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(weights.slice(offset, offset + size), s.shape);
    offset += size;
    return t;
  });
  const input = tf.tensor4d(images, [n, 3, c.height, c.width]);
  const f = (...args: tf.Tensor[]) => {
    const x0 = args[specs.length] as tf.Tensor4D;
    let x = tf.sub(tf.mul(tf.transpose(x0, [0, 2, 3, 1]), 2), 1) as tf.Tensor4D;
    if (c.inputPool > 1) x = tf.avgPool(x, c.inputPool, c.inputPool, "valid");
    c.widths.forEach((_, i) => {
      const pre = tf.add(tf.conv2d(x, args[2 * i] as tf.Tensor4D, 1, "same"), args[2 * i + 1] as tf.Tensor1D);
      const a = tf.leakyRelu(pre, 0.2) as tf.Tensor4D;
      x = i < c.widths.length - 1 ? tf.avgPool(a, 2, 2, "valid") : a;
    });
    const { features } = discriminatorShapes(c);
    const flat = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [n, features]);
    const logits = tf.add(
      tf.matMul(flat, args[2 * c.widths.length] as tf.Tensor2D),
      args[2 * c.widths.length + 1] as tf.Tensor,
    );
    const z = tf.neg(tf.mul(tf.tensor2d(sign, [n, 1]), logits));
    return tf.sum(tf.mul(tf.tensor2d(weight, [n, 1]), tf.softplus(z)));
  };
  return tf.valueAndGrads(f)([...tensors, input]);
}

const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  let scale = 1e-8;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return worst / scale;
};

describe("discriminator graph", () => {
  it("gives TF.js's loss and gradients (every weight and the images) for portraits and fakes weighted apart", async () => {
    await initTf("cpu");
    const state = initialDiscriminator(CONFIG, createRng(5));
    // a larger dense layer than the initial one, so the gradients below it are not tiny
    const rng = createRng(9);
    const weights = state.weights.map((w) => w * 10 + (rng() - 0.5) * 0.01);
    const n = 4;
    const images = Float32Array.from({ length: n * 3 * CONFIG.height * CONFIG.width }, () => rng());
    const sign = Float32Array.from([1, 1, -1, -1]);
    const weight = Float32Array.from([0.25, 0.5, 0.125, 1]);
    const d = await createDiscriminator(CONFIG);
    try {
      const ours = await d.run(weights, images, sign, weight);
      const { value, grads } = tfReference(CONFIG, weights, images, sign, weight);
      expect(Math.abs(ours.loss - ((await value.data())[0] as number))).toBeLessThan(1e-5);
      const specs = discriminatorSpecs(CONFIG);
      let offset = 0;
      for (const [i, s] of specs.entries()) {
        const size = s.shape.reduce((a, b) => a * b, 1);
        const theirs = await (grads[i] as tf.Tensor).data();
        expect(maxRelDiff(ours.weightGrads.subarray(offset, offset + size), theirs), s.name).toBeLessThan(1e-4);
        offset += size;
      }
      expect(maxRelDiff(ours.imageGrads, await (grads[specs.length] as tf.Tensor).data())).toBeLessThan(1e-4);
      // a real signal: the images' gradient is not zero
      expect(Math.max(...ours.imageGrads.map(Math.abs))).toBeGreaterThan(1e-6);
    } finally {
      await d.release();
    }
  });

  it("is sized for the image: the editor's portraits averaged to 96 high, four layers; small images as they are", () => {
    expect(discriminatorFor(192, 144)).toEqual({ height: 192, width: 144, inputPool: 2, widths: [32, 64, 128, 128] });
    expect(discriminatorFor(32, 24)).toEqual({ height: 32, width: 24, inputPool: 1, widths: [32, 64, 128, 128] });
    expect(discriminatorFor(30, 22).widths).toEqual([32, 64]);
    expect(() => discriminatorShapes(discriminatorFor(192, 144))).not.toThrow();
  });

  it("refuses an image size its pools do not divide", () => {
    expect(() => discriminatorShapes({ ...CONFIG, widths: [4, 4, 4, 4] })).toThrow(/divisible by 16/);
  });
});
