/**
 * The training gradient on ONNX Runtime: same contract as the TF.js gradient step. On the CPU it is ~2.3x
 * faster here; with device 'webgpu' the same graph runs on a GPU through ORT's bundled WebGPU provider.
 */
import * as ort from "onnxruntime-node";
import { baseGrid, type DecoderConfig } from "../decoder/architecture";
import type { LossName } from "../decoder/losses";
import { denseColumnsToChw, toOihw } from "../decoder/onnxGraph";
import { weightLayout } from "../decoder/weightsLayout";
import type { GradientRequest, GradientResult } from "./gradientStep";
import { buildTrainingGraph } from "./onnxTrainingGraph";

export type OnnxDevice = "cpu" | "webgpu";

export async function createOnnxGradientStep(
  config: DecoderConfig,
  loss: LossName,
  threads = 1,
  device: OnnxDevice = "cpu",
) {
  if (loss !== "mse") throw new Error(`the onnx training engine supports the mse loss; use --engine tfjs for ${loss}`);
  const session = await ort.InferenceSession.create(buildTrainingGraph(config), {
    executionProviders: [device],
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const layout = weightLayout(config);
  const grid = baseGrid(config);
  const c0 = config.widths[0] as number;
  const cells = grid.height * grid.width;
  const { height: H, width: W, latent: L } = config;
  const pixels = H * W;
  const channelsOf = (name: string): [number, number] => {
    if (name.startsWith("out.")) return [config.widths[config.widths.length - 1] as number, 3];
    const i = Number(name.slice(4, name.indexOf(".")));
    return [config.widths[i - 1] as number, config.widths[i] as number];
  };

  const step = async (req: GradientRequest): Promise<GradientResult> => {
    const B = req.batch;
    const feeds: Record<string, ort.Tensor> = {
      codes: new ort.Tensor("float32", req.codes.subarray(0, B * L), [B, L]),
      gscale: new ort.Tensor("float32", Float32Array.from([2 / (B * 3 * pixels)]), [1]),
    };
    const target = new Float32Array(B * 3 * pixels);
    for (let n = 0; n < B; n++)
      for (let p = 0; p < pixels; p++)
        for (let c = 0; c < 3; c++)
          target[(n * 3 + c) * pixels + p] = (req.targets[(n * pixels + p) * 3 + c] as number) / 255;
    feeds.target = new ort.Tensor("float32", target, [B, 3, H, W]);
    for (const v of layout) {
      const values = req.weights.subarray(v.offset, v.offset + v.size);
      if (v.name === "dense.kernel")
        feeds[v.name] = new ort.Tensor("float32", denseColumnsToChw(values, L, cells, c0), [L, cells * c0]);
      else if (v.name === "dense.bias")
        feeds[v.name] = new ort.Tensor("float32", denseColumnsToChw(values, 1, cells, c0), [cells * c0]);
      else if (v.name.endsWith(".kernel")) {
        const [cin, cout] = channelsOf(v.name);
        feeds[v.name] = new ort.Tensor("float32", toOihw(values, cin, cout), [cout, cin, 3, 3]);
        feeds[v.name.replace(".kernel", ".flip")] = new ort.Tensor("float32", toOihw(values, cin, cout, true), [
          cin,
          cout,
          3,
          3,
        ]);
      } else feeds[v.name] = new ort.Tensor("float32", Float32Array.from(values), [v.size]);
    }
    const out = await session.run(feeds);
    const data = (name: string) => {
      const t = out[name];
      if (!t) throw new Error(`training graph produced no ${name}`);
      return t.data as Float32Array;
    };
    const weightGrads = new Float32Array(req.weights.length);
    for (const v of layout) {
      const g = data(`grad.${v.name}`);
      if (v.name === "dense.kernel") weightGrads.set(denseColumnsToChw(g, L, cells, c0, true), v.offset);
      else if (v.name === "dense.bias") weightGrads.set(denseColumnsToChw(g, 1, cells, c0, true), v.offset);
      else weightGrads.set(g, v.offset);
    }
    const result = { loss: data("loss")[0] as number, weightGrads, codeGrads: Float32Array.from(data("grad.codes")) };
    for (const t of Object.values(out)) t.dispose?.();
    return result;
  };
  // the session's native buffers are freed here, not when V8 happens to collect the wrapper
  return Object.assign(step, { release: () => session.release() });
}
