/** The discriminator's weights and Adam state, and its graph run on ONNX Runtime's CPU kernels. */
import * as ort from "onnxruntime-node";
import { normal, type Rng } from "../../../lib/random";
import { layoutOf } from "../decoder/weightsLayout";
import { type AdamSlot, newSlot } from "./adam";
import {
  buildDiscriminatorGraph,
  type DiscriminatorConfig,
  discriminatorSize,
  discriminatorSpecs,
} from "./discriminatorGraph";
import { feedConvKernel, outputOf, runCopied } from "./ortFeeds";
import { type SpectralNormal, spectralNormal, spectralNormalGradient } from "./spectralNorm";

export interface DiscriminatorState {
  /** all weights, concatenated in discriminatorSpecs order (conv kernels [3, 3, cin, cout]) */
  weights: Float32Array;
  adam: AdamSlot;
  /** Adam steps taken */
  steps: number;
}

/** He-normal kernels (the dense layer's scaled down, so every image starts near logit 0), zero biases. */
export function initialDiscriminator(c: DiscriminatorConfig, rng: Rng): DiscriminatorState {
  const weights = new Float32Array(discriminatorSize(c));
  for (const spec of layoutOf(discriminatorSpecs(c))) {
    const std = spec.fanIn > 0 ? Math.sqrt(2 / spec.fanIn) * (spec.name === "dense.kernel" ? 0.1 : 1) : 0;
    for (let i = 0; i < spec.size; i++) weights[spec.offset + i] = std > 0 ? normal(rng) * std : 0;
  }
  return { weights, adam: newSlot(weights.length), steps: 0 };
}

export interface DiscriminatorResult {
  loss: number;
  logits: Float32Array;
  /** ∂loss/∂weights, in the state's layout */
  weightGrads: Float32Array;
  /** ∂loss/∂images [n, 3, H, W] */
  imageGrads: Float32Array;
}

export interface Discriminator {
  /** loss = Σ weight · softplus(−sign · logit) over n images [n, 3, H, W] (0..1), and its gradients */
  run(
    weights: Float32Array,
    images: Float32Array,
    sign: Float32Array,
    weight: Float32Array,
  ): Promise<DiscriminatorResult>;
  release(): Promise<void>;
}

export interface DiscriminatorOptions {
  threads?: number;
  /**
   * every kernel (conv and dense) divided by its largest singular value before it is used (spectralNorm.ts); the
   * state keeps the kernels as they were and their gradients are taken through the division
   */
  spectral?: boolean;
}

export async function createDiscriminator(
  c: DiscriminatorConfig,
  o: DiscriminatorOptions = {},
): Promise<Discriminator> {
  const threads = o.threads ?? 1;
  const session = await ort.InferenceSession.create(buildDiscriminatorGraph(c), {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  // each weight's place in the flat array, worked out once
  const layout = layoutOf(discriminatorSpecs(c));
  const pixels = 3 * c.height * c.width;
  return {
    async run(weights, images, sign, weight) {
      const n = sign.length;
      if (images.length !== n * pixels || weight.length !== n)
        throw new Error(`discriminator: ${images.length / pixels} images, ${n} signs and ${weight.length} weights`);
      const feeds: Record<string, ort.Tensor> = {
        images: new ort.Tensor("float32", images, [n, 3, c.height, c.width]),
        sign: new ort.Tensor("float32", sign, [n, 1]),
        weight: new ort.Tensor("float32", weight, [n, 1]),
      };
      const normals = new Map<string, SpectralNormal>();
      for (const v of layout) {
        let values = weights.subarray(v.offset, v.offset + v.size);
        if (o.spectral && v.name.endsWith(".kernel")) {
          // a conv kernel [3, 3, cin, cout] as the matrix [9·cin, cout]; the dense kernel [F, 1]
          const cols = v.shape[v.shape.length - 1] as number;
          const normal = spectralNormal(values, v.size / cols, cols);
          normals.set(v.name, normal);
          values = normal.normalised;
        }
        if (v.name.startsWith("conv") && v.name.endsWith(".kernel")) {
          const [, , cin, cout] = v.shape as [number, number, number, number];
          feedConvKernel(feeds, v.name, values, { cin, cout }, true);
        } else feeds[v.name] = new ort.Tensor("float32", Float32Array.from(values), v.shape);
      }
      const out = await runCopied(session, feeds);
      const data = (name: string) => outputOf(out, name, "discriminator");
      const weightGrads = new Float32Array(weights.length);
      for (const v of layout) {
        const g = data(`grad.${v.name}`);
        const normal = normals.get(v.name);
        weightGrads.set(normal ? spectralNormalGradient(g, normal) : g, v.offset);
      }
      return { loss: data("loss")[0] as number, logits: data("logits"), weightGrads, imageGrads: data("grad.images") };
    },
    release: () => session.release(),
  };
}
