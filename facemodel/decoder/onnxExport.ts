/**
 * Exports the trained decoder as an ONNX graph (opset 17), NCHW inside, NHWC RGB out:
 * codes [N, latent] → Gemm → Relu → Reshape [N, C, h, w] → N × (Resize nearest ×2 → Conv 3x3 → Relu)
 * → Conv 3x3 → Sigmoid → Transpose → images [N, H, W, 3] (floats 0..1), and the same as pixels [N, H, W, 3]
 * (uint8, round(v × 255): ×255 + 0.5, then a Cast, which truncates), so a caller that wants bytes gets them
 * from the graph.
 */
import type { FaceSpace } from "../../lib/faceSpace";
import { baseGrid, type DecoderConfig } from "./architecture";
import { denseColumnsToChw, GraphBuilder, int, ints, str, toOihw, UINT8 } from "./onnxGraph";
import { weightLayout } from "./weightsLayout";

/** The nearest ×2 upsampling that matches TF.js's resizeNearestNeighbor (no align corners, no half pixels). */
export function resizeNearest2x(g: GraphBuilder, x: string): string {
  return g.op(
    "Resize",
    [x, "", g.f32(`scales_${x}`, [4], Float32Array.from([1, 1, 2, 2]))],
    [str("mode", "nearest"), str("coordinate_transformation_mode", "asymmetric"), str("nearest_mode", "floor")],
  );
}

export const conv3x3Attrs = () => [ints("pads", [1, 1, 1, 1]), ints("kernel_shape", [3, 3])];

/** sliders [N, n] → codes: codes = sliders · Bᵀ + μ, B[i][k] = V[i][k] σ[k] (lib/faceSpace slidersToCode). */
function slidersToCodes(g: GraphBuilder, space: FaceSpace): string {
  const n = space.latent;
  // Gemm's B is [K, M] = [n sliders, n code dims]: row k holds component k scaled by σ_k
  const b = new Float32Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) b[k * n + i] = (space.components[i * n + k] as number) * (space.sigma[k] as number);
  const sliders = g.input("sliders", ["N", n]);
  return g.op("Gemm", [
    sliders,
    g.f32("face_space.basis", [n, n], b),
    g.f32("face_space.mean", [n], Float32Array.from(space.mean)),
  ]);
}

/**
 * The decoder graph. With a face space, its input is the sliders [N, latent] instead of the codes: a
 * first Gemm makes the codes (μ + V diag(σ) s), so a page that draws faces needs this one file.
 */
export function exportOnnx(config: DecoderConfig, flat: Float32Array, space?: FaceSpace): Uint8Array {
  const grid = baseGrid(config);
  const views = new Map(weightLayout(config).map((v) => [v.name, flat.subarray(v.offset, v.offset + v.size)]));
  const get = (name: string) => {
    const v = views.get(name);
    if (!v) throw new Error(`weight ${name} missing`);
    return v;
  };
  const c0 = config.widths[0] as number;
  const cells = grid.height * grid.width;
  const g = new GraphBuilder();
  const codes = space ? slidersToCodes(g, space) : g.input("codes", ["N", config.latent]);
  const denseK = g.f32(
    "dense.kernel",
    [config.latent, cells * c0],
    denseColumnsToChw(get("dense.kernel"), config.latent, cells, c0),
  );
  const denseB = g.f32("dense.bias", [cells * c0], denseColumnsToChw(get("dense.bias"), 1, cells, c0));
  let x = g.op("Reshape", [
    g.op("Relu", [g.op("Gemm", [codes, denseK, denseB])]),
    g.i64([-1, c0, grid.height, grid.width]),
  ]);
  for (let i = 1; i < config.widths.length; i++) {
    const cin = config.widths[i - 1] as number;
    const cout = config.widths[i] as number;
    const k = g.f32(`conv${i}.kernel`, [cout, cin, 3, 3], toOihw(get(`conv${i}.kernel`), cin, cout));
    const b = g.f32(`conv${i}.bias`, [cout], get(`conv${i}.bias`));
    x = g.op("Relu", [g.op("Conv", [resizeNearest2x(g, x), k, b], conv3x3Attrs())]);
  }
  const last = config.widths[config.widths.length - 1] as number;
  const k = g.f32("out.kernel", [3, last, 3, 3], toOihw(get("out.kernel"), last, 3));
  const b = g.f32("out.bias", [3], get("out.bias"));
  const rgb = g.op("Sigmoid", [g.op("Conv", [x, k, b], conv3x3Attrs())]);
  const images = g.op("Transpose", [rgb], [ints("perm", [0, 2, 3, 1])], "images");
  g.output("images", ["N", config.height, config.width, 3]);
  const scaled = g.op("Add", [
    g.op("Mul", [images, g.f32("scale_255", [], Float32Array.of(255))]),
    g.f32("half", [], Float32Array.of(0.5)),
  ]);
  g.op("Cast", [scaled], [int("to", UINT8)], "pixels");
  g.output("pixels", ["N", config.height, config.width, 3], UINT8);
  return g.encode("decoder");
}
