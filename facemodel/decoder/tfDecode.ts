/** Forward decoding with TensorFlow.js over flat weights: used by training previews and as a runtime backend. */
import * as tf from "@tensorflow/tfjs-core";
import type { DecoderConfig } from "./architecture";
import { decodeGraph } from "./decoderGraph";
import { weightLayout } from "./weightsLayout";

export class TfDecoder {
  private readonly weights: Map<string, tf.Tensor>;

  constructor(
    readonly config: DecoderConfig,
    flat: Float32Array,
  ) {
    this.weights = new Map(
      weightLayout(config).map((v) => [
        v.name,
        tf.tensor(flat.subarray(v.offset, v.offset + v.size), v.shape, "float32"),
      ]),
    );
  }

  /** the graph's images of n codes (call inside tf.tidy) */
  private images(codes: Float32Array, n: number): tf.Tensor {
    return decodeGraph(this.config, this.weights, tf.tensor2d(codes, [n, this.config.latent]));
  }

  /** codes [n × latent] → images [n × H × W × 3] floats in 0..1 */
  async decode(codes: Float32Array, n: number): Promise<Float32Array> {
    const out = tf.tidy(() => this.images(codes, n));
    const data = (await out.data()) as Float32Array;
    out.dispose();
    return data;
  }

  /** codes [n × latent] → images [n × H × W × 3] as bytes, rounded and cast inside the graph */
  async decodeBytes(codes: Float32Array, n: number): Promise<Uint8Array> {
    const out = tf.tidy(() => tf.cast(tf.round(tf.mul(this.images(codes, n), 255)), "int32"));
    const data = (await out.data()) as Int32Array;
    out.dispose();
    // the typed array's own conversion (native), values already 0..255
    return new Uint8Array(data);
  }

  dispose(): void {
    tf.dispose([...this.weights.values()]);
  }
}
