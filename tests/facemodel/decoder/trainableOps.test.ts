import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { initTf } from "../../../facemodel/decoder/tfBackend";
import { conv3x3, upsample2x } from "../../../facemodel/decoder/trainableOps";
import { createRng } from "../../../lib/random";

const rand = (rng: () => number, shape: number[]) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() - 0.5),
    shape,
  );

async function maxDiff(a: tf.Tensor, b: tf.Tensor) {
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
  return m;
}

/** Gradients of Σ (layer(x))² · c from our hand-written kernels vs TF.js's own kernels. */
async function gradients(backend: "cpu" | "wasm", own: boolean) {
  await initTf(backend);
  const rng = createRng(3);
  const x = rand(rng, [3, 6, 4, 5]);
  const w = rand(rng, [3, 3, 5, 4]);
  const b = rand(rng, [4]);
  const c = rand(rng, [3, 6, 4, 4]);
  const f = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => {
    const y = own
      ? conv3x3(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D, true)
      : tf.relu(tf.add(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, "same"), bi));
    return tf.sum(tf.mul(tf.square(y), c));
  };
  return tf.grads(f)([x, w, b]);
}

describe("hand-written gradients (trainable on tfjs-wasm)", () => {
  it("conv 3x3 + bias + ReLU: dX, dW, db match TF.js's built-in kernels on 'cpu' within 1e-5", async () => {
    const ours = await gradients("cpu", true);
    const theirs = await gradients("cpu", false);
    for (let i = 0; i < 3; i++) expect(await maxDiff(ours[i] as tf.Tensor, theirs[i] as tf.Tensor)).toBeLessThan(1e-5);
  });

  it("give the same gradients on wasm as on cpu", async () => {
    const cpu = await Promise.all((await gradients("cpu", true)).map((t) => t.data()));
    const wasm = await Promise.all((await gradients("wasm", true)).map((t) => t.data()));
    cpu.forEach((g, i) => {
      const h = wasm[i] as typeof g;
      let m = 0;
      for (let k = 0; k < g.length; k++) m = Math.max(m, Math.abs((g[k] as number) - (h[k] as number)));
      expect(m).toBeLessThan(1e-5);
    });
  });

  it("upsample ×2: the gradient sums each 2x2 block, for every image of a batch", async () => {
    await initTf("wasm");
    const rng = createRng(4);
    const x = rand(rng, [2, 3, 2, 2]);
    const c = rand(rng, [2, 6, 4, 2]);
    const [g] = tf.grads((xi: tf.Tensor) => tf.sum(tf.mul(upsample2x(xi as tf.Tensor4D), c)))([x]);
    const cd = await c.data();
    const gd = await (g as tf.Tensor).data();
    for (let n = 0; n < 2; n++)
      for (let y = 0; y < 3; y++)
        for (let xx = 0; xx < 2; xx++)
          for (let ch = 0; ch < 2; ch++) {
            let want = 0;
            for (let dy = 0; dy < 2; dy++)
              for (let dx = 0; dx < 2; dx++) want += cd[((n * 6 + 2 * y + dy) * 4 + 2 * xx + dx) * 2 + ch] as number;
            expect(gd[((n * 3 + y) * 2 + xx) * 2 + ch]).toBeCloseTo(want, 5);
          }
  });
});
