/**
 * An adversarial term for GLO training: every step a discriminator learns to tell training portraits from
 * random faces (drawn as the editor draws them: N(0, 1) on the leading components of the codes' face space as it
 * is then), and the decoder gets the gradient that makes those random faces look more like portraits to it.
 *
 * Why: under MSE a code between training codes can only decode to a blend of their portraits, so the eyes and
 * mouths of random faces smear (README: code noise, truncated codes and matched samples all traded detail for
 * closeness). A discriminator rewards one sharp shape over a blend of several. The portraits keep their MSE
 * term; the random faces' codes are fixed (only the decoder learns from them).
 *
 * Per step (k = rows): decode k random faces; one discriminator step (Adam) on k portraits of the batch against
 * them (non-saturating loss); then the decoder's gradient of weight · mean softplus(−D(fake)) through the
 * updated discriminator, added to the batch's MSE gradient. Random faces come from (seed, step) and the state;
 * the discriminator's weights and Adam moments are in the checkpoint, so a resumed run repeats it exactly.
 */
import { fitFaceSpace, randomCodes } from "../../../lib/faceSpace";
import type { DecoderConfig } from "../decoder/architecture";
import { adamUpdate } from "./adam";
import { createDiscriminator, type DiscriminatorState, initialDiscriminator } from "./discriminator";
import { discriminatorFor } from "./discriminatorGraph";
import { createDecoderPasses } from "./onnxGradientStep";
import { ADVERSARY_FACES, stepRng } from "./stepStreams";

/** The discriminator's Adam: the usual GAN settings (a lower β1 follows a moving target). */
export const ADVERSARY_ADAM = { lr: 0.0002, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 };

export const newAdversaryState = (config: DecoderConfig, seed: number): DiscriminatorState =>
  initialDiscriminator(discriminatorFor(config.height, config.width), seed ^ 0x2545f491);

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
    /** `rows` portraits, NHWC bytes */
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
  threads?: number;
}): Promise<Adversary> {
  const { config, rows: k } = o;
  const { height: H, width: W, latent: L } = config;
  const pixels = H * W;
  const passes = await createDecoderPasses(config, o.threads ?? 1);
  const discriminator = await createDiscriminator(discriminatorFor(H, W), o.threads ?? 1);
  const toNchw = (bytes: Uint8Array, n: number) => {
    const out = new Float32Array(n * 3 * pixels);
    for (let b = 0; b < n; b++)
      for (let p = 0; p < pixels; p++)
        for (let c = 0; c < 3; c++) out[(b * 3 + c) * pixels + p] = (bytes[(b * pixels + p) * 3 + c] as number) / 255;
    return out;
  };
  return {
    async step(s) {
      if (s.portraits.length !== k * pixels * 3)
        throw new Error(`the adversary needs ${k} portraits, got ${s.portraits.length / (pixels * 3)}`);
      const space = fitFaceSpace(s.codes, s.count, L);
      const fakeCodes = randomCodes(space, k, stepRng(ADVERSARY_FACES, s.seed, s.step));
      const fakes = await passes.images(s.weights, fakeCodes, k);
      const both = new Float32Array(2 * k * 3 * pixels);
      both.set(toNchw(s.portraits, k));
      both.set(fakes, k * 3 * pixels);
      const sign = Float32Array.from({ length: 2 * k }, (_, i) => (i < k ? 1 : -1));
      const d = await discriminator.run(s.state.weights, both, sign, new Float32Array(2 * k).fill(1 / (2 * k)));
      s.state.steps++;
      adamUpdate(ADVERSARY_ADAM, s.state.steps, s.state.weights, d.weightGrads, s.state.adam);
      // the decoder's gradient through the discriminator as it now is: make the fakes score as portraits
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
