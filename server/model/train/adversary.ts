/**
 * An adversarial term for GLO training: every step a discriminator learns to tell training portraits from
 * random faces (drawn as the editor draws them: N(0, 1) on the leading components of the codes' face space as it
 * is then), and the decoder gets the gradient that makes those random faces look more like portraits to it.
 *
 * Why: under MSE a code between training codes can only decode to a blend of their portraits, so the eyes and
 * mouths of random faces smear (docs/model.md: code noise, truncated codes and matched samples all traded detail for
 * closeness). A discriminator rewards one sharp shape over a blend of several. The portraits keep their MSE
 * term; the random faces' codes are fixed (only the decoder learns from them).
 *
 * Per step, with k the batch's first `rows` portraits (fewer in an epoch's short last batch): decode k random
 * faces; one discriminator step (Adam) on the k portraits against them (non-saturating loss); then the decoder's
 * gradient of weight · mean softplus(−D(fake)) through the updated discriminator, added to the batch's gradient.
 * The random faces and the portraits' smoothing noise come from the (seed, step) stream ADVERSARY_FACES and the
 * state; the discriminator's weights and Adam moments are in the checkpoint, so a resumed run repeats it exactly.
 */
import { fitFaceSpace, randomCodes } from "../../../lib/faceSpace";
import type { DecoderConfig } from "../decoder/architecture";
import { adamUpdate } from "./adam";
import { createDiscriminator, type DiscriminatorState, initialDiscriminator } from "./discriminator";
import { discriminatorFor } from "./discriminatorGraph";
import { createDecoderPasses } from "./onnxGradientStep";
import { bytesToNchw } from "./ortFeeds";
import { ADVERSARY_FACES, DISCRIMINATOR_INIT, stepRng } from "./stepStreams";

/** The discriminator's Adam: the usual GAN settings (a lower β1 follows a moving target). */
export const ADVERSARY_ADAM = { lr: 0.0002, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 };

export const newAdversaryState = (config: DecoderConfig, seed: number): DiscriminatorState =>
  initialDiscriminator(discriminatorFor(config.height, config.width), stepRng(DISCRIMINATOR_INIT, seed, 0));

export interface AdversaryStep {
  /** ∂(weight · mean softplus(−D(fake)))/∂ decoder weights, to add to the batch's gradient */
  weightGrads: Float32Array;
  /** the discriminator's loss on portraits and fakes before its step (log 4 = 1.386 when it cannot tell them apart) */
  discriminatorLoss: number;
  /** mean D(portrait) and D(fake) as probabilities of "portrait", before its step */
  realScore: number;
  fakeScore: number;
}

export interface Adversary {
  step(o: {
    /** decoder weights (read, not changed) */
    weights: Float32Array;
    /** all learned codes, count × latent: their face space is where random faces are drawn */
    codes: Float32Array;
    count: number;
    /** 1 to `rows` portraits, NHWC bytes (an epoch's last batch may hold fewer than `rows`); as many random faces */
    portraits: Uint8Array;
    state: DiscriminatorState;
    seed: number;
    step: number;
  }): Promise<AdversaryStep>;
  release(): Promise<void>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (a: ArrayLike<number>, from: number, to: number, f: (v: number) => number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += f(a[i] as number);
  return s / Math.max(1, to - from);
};

export async function createAdversary(o: {
  config: DecoderConfig;
  /** the adversarial term's weight against the portraits' MSE */
  weight: number;
  rows: number;
  /** the discriminator's kernels spectrally normalised (spectralNorm.ts) */
  spectral?: boolean;
  threads?: number;
}): Promise<Adversary> {
  const { config } = o;
  const { height: H, width: W, latent: L } = config;
  const pixels = H * W;
  const passes = await createDecoderPasses(config, o.threads ?? 1);
  const discriminator = await createDiscriminator(discriminatorFor(H, W), {
    threads: o.threads ?? 1,
    spectral: o.spectral,
  });
  return {
    async step(s) {
      const k = s.portraits.length / (pixels * 3);
      if (!(Number.isInteger(k) && k >= 1 && k <= o.rows))
        throw new Error(`the adversary takes 1 to ${o.rows} portraits of ${W}x${H}, got ${s.portraits.length} values`);
      const rng = stepRng(ADVERSARY_FACES, s.seed, s.step);
      const fakeCodes = randomCodes(fitFaceSpace(s.codes, s.count, L), k, rng);
      // the fakes are decoded here and again (forward and backward) in passes.backward below: the backward
      // graph cannot take the image gradient it needs from its own forward pass
      const fakes = await passes.images(s.weights, fakeCodes, k);
      const both = new Float32Array(2 * k * 3 * pixels);
      // portraits with their 8-bit steps smoothed (uniform noise of one step): decoded faces are not quantised,
      // and a discriminator could tell them apart by that alone
      // ((byte + u) / 256, u uniform in [0, 1): still within [0, 1), as a decoded face is)
      const portraits = bytesToNchw(s.portraits, k, pixels).map((v) => (v * 255 + rng()) / 256);
      both.set(portraits);
      both.set(fakes, k * 3 * pixels);
      const sign = Float32Array.from({ length: 2 * k }, (_, i) => (i < k ? 1 : -1));
      const d = await discriminator.run(s.state.weights, both, sign, new Float32Array(2 * k).fill(1 / (2 * k)));
      s.state.steps++;
      adamUpdate(ADVERSARY_ADAM, s.state.steps, s.state.weights, d.weightGrads, s.state.adam);
      // the decoder's gradient through the discriminator as it now is: make the fakes score as portraits
      // (this run's gradients for the discriminator's own weights are not used)
      const g = await discriminator.run(
        s.state.weights,
        fakes,
        new Float32Array(k).fill(1),
        new Float32Array(k).fill(o.weight / k),
      );
      const back = await passes.backward(s.weights, fakeCodes, g.imageGrads, k);
      return {
        weightGrads: back.weightGrads,
        discriminatorLoss: 2 * d.loss,
        realScore: mean(d.logits, 0, k, sigmoid),
        fakeScore: mean(d.logits, k, 2 * k, sigmoid),
      };
    },
    async release() {
      await passes.release();
      await discriminator.release();
    },
  };
}

/** Adds the adversary's gradient to the batch's, in place; returns its size ÷ the batch's own (before). */
export function addAdversarialGradient(batch: Float32Array, adversarial: Float32Array): number {
  let adversarialSquares = 0;
  let batchSquares = 0;
  adversarial.forEach((g, i) => {
    const own = batch[i] as number;
    adversarialSquares += g * g;
    batchSquares += own * own;
    batch[i] = own + g;
  });
  return Math.sqrt(adversarialSquares / Math.max(batchSquares, 1e-30));
}

/** Moving averages of the adversary's measures, for the progress log. */
export function adversaryMeter() {
  let ema: { loss: number; real: number; fake: number; ratio: number } | undefined;
  return {
    add(a: AdversaryStep, ratio: number): void {
      const now = { loss: a.discriminatorLoss, real: a.realScore, fake: a.fakeScore, ratio };
      const was = ema ?? now;
      ema = {
        loss: 0.95 * was.loss + 0.05 * now.loss,
        real: 0.95 * was.real + 0.05 * now.real,
        fake: 0.95 * was.fake + 0.05 * now.fake,
        ratio: 0.95 * was.ratio + 0.05 * now.ratio,
      };
    },
    describe(): string {
      if (!ema) return "adversary: no step yet";
      return `discriminator loss ${ema.loss.toFixed(3)}, D(portrait) ${ema.real.toFixed(2)}, D(random face) ${ema.fake.toFixed(2)}, adversarial gradient ${ema.ratio.toFixed(3)} × the batch's own`;
    },
  };
}
