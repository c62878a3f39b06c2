/** One training gradient: loss and ∂loss/∂(weights, batch codes) for a batch, on the active TF.js backend. */
import * as tf from "@tensorflow/tfjs-core";
import { type DecoderConfig, weightSpecs } from "../../facemodel/decoder/architecture";
import { decodeGraph } from "../../facemodel/decoder/decoderGraph";
import { type LossName, lossFunction } from "../decoder/losses";

export interface GradientRequest {
  /** all decoder weights, concatenated in weightSpecs order */
  weights: Float32Array;
  /** [batch, latent] */
  codes: Float32Array;
  /** [batch, H, W, 3] bytes 0..255 */
  targets: Uint8Array;
  batch: number;
}

export interface GradientResult {
  loss: number;
  /** same layout as weights */
  weightGrads: Float32Array;
  codeGrads: Float32Array;
}

export function createGradientStep(config: DecoderConfig, loss: LossName) {
  const specs = weightSpecs(config);
  const lossFn = lossFunction(loss);
  const step = async (req: GradientRequest): Promise<GradientResult> => {
    const result = tf.tidy(() => {
      let offset = 0;
      const tensors: tf.Tensor[] = specs.map((s) => {
        const size = s.shape.reduce((a, b) => a * b, 1);
        const t = tf.tensor(req.weights.subarray(offset, offset + size), s.shape, "float32");
        offset += size;
        return t;
      });
      const codes = tf.tensor2d(req.codes, [req.batch, config.latent]);
      const target = tf.div(
        tf.cast(tf.tensor4d(req.targets, [req.batch, config.height, config.width, 3], "int32"), "float32"),
        255,
      ) as tf.Tensor4D;
      const f = (...args: tf.Tensor[]) => {
        const weights = new Map(specs.map((s, i) => [s.name, args[i] as tf.Tensor]));
        return lossFn(decodeGraph(config, weights, args[specs.length] as tf.Tensor2D), target);
      };
      const { value, grads } = tf.valueAndGrads(f)([...tensors, codes]);
      return { value, grads };
    });
    const [lossValue, ...gradData] = await Promise.all([result.value.data(), ...result.grads.map((g) => g.data())]);
    const weightGrads = new Float32Array(req.weights.length);
    let offset = 0;
    for (let i = 0; i < specs.length; i++) {
      const g = gradData[i] as Float32Array;
      weightGrads.set(g, offset);
      offset += g.length;
    }
    const codeGrads = Float32Array.from(gradData[specs.length] as Float32Array);
    tf.dispose([result.value, ...result.grads]);
    return { loss: (lossValue as Float32Array)[0] as number, weightGrads, codeGrads };
  };
  // every tensor of a step is disposed within it: nothing is held between steps
  return Object.assign(step, { release: async () => {} });
}

/** A batch's gradient, and the release of what the engine holds (call once, after the last step). */
export type GradientStep = ((req: GradientRequest) => Promise<GradientResult>) & { release(): Promise<void> };
