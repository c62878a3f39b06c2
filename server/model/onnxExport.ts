/**
 * Exports the trained decoder as an ONNX graph (opset 17), NCHW inside, NHWC RGB out:
 * codes [N, latent] → Gemm → Relu → Reshape [N, C, h, w] → N × (Resize nearest ×2 → Conv 3x3 → Relu)
 * → Conv 3x3 → Sigmoid → Transpose → images [N, H, W, 3].
 */
import onnxProto from "onnx-proto";
import { baseGrid, type DecoderConfig } from "./architecture.js";
import { weightLayout } from "./weightsLayout.js";

const { onnx } = onnxProto;
type INode = onnxProto.onnx.INodeProto;
type ITensor = onnxProto.onnx.ITensorProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

function floatTensor(name: string, dims: number[], values: Float32Array): ITensor {
  const copy = Float32Array.from(values);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(copy.buffer) };
}

function int64Tensor(name: string, values: number[]): ITensor {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

const attrInts = (name: string, ints: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });
const attrString = (name: string, s: string) => ({
  name,
  type: onnx.AttributeProto.AttributeType.STRING,
  s: new TextEncoder().encode(s),
});

/** [kh, kw, cin, cout] (TF.js) → [cout, cin, kh, kw] (ONNX). */
function toOihw(w: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = w[((y * kw + x) * cin + i) * cout + o] as number;
  return out;
}

export function exportOnnx(config: DecoderConfig, flat: Float32Array): Uint8Array {
  const grid = baseGrid(config);
  const views = new Map(weightLayout(config).map((v) => [v.name, flat.subarray(v.offset, v.offset + v.size)]));
  const get = (name: string) => {
    const v = views.get(name);
    if (!v) throw new Error(`weight ${name} missing`);
    return v;
  };
  const c0 = config.widths[0] as number;
  const cells = grid.height * grid.width;
  // dense columns are laid out (y, x, c); reorder to (c, y, x) so the reshape gives NCHW directly
  const denseK = get("dense.kernel");
  const denseB = get("dense.bias");
  const cols = cells * c0;
  const kChw = new Float32Array(denseK.length);
  const bChw = new Float32Array(cols);
  for (let p = 0; p < cells; p++)
    for (let c = 0; c < c0; c++) {
      const src = p * c0 + c;
      const dst = c * cells + p;
      bChw[dst] = denseB[src] as number;
      for (let r = 0; r < config.latent; r++) kChw[r * cols + dst] = denseK[r * cols + src] as number;
    }
  const init: ITensor[] = [
    floatTensor("dense.kernel", [config.latent, cols], kChw),
    floatTensor("dense.bias", [cols], bChw),
    int64Tensor("grid.shape", [-1, c0, grid.height, grid.width]),
    floatTensor("resize.scales", [4], Float32Array.from([1, 1, 2, 2])),
  ];
  const nodes: INode[] = [
    { opType: "Gemm", input: ["codes", "dense.kernel", "dense.bias"], output: ["dense"], name: "dense" },
    { opType: "Relu", input: ["dense"], output: ["dense.relu"] },
    { opType: "Reshape", input: ["dense.relu", "grid.shape"], output: ["x0"] },
  ];
  let x = "x0";
  for (let i = 1; i < config.widths.length; i++) {
    const cin = config.widths[i - 1] as number;
    const cout = config.widths[i] as number;
    init.push(floatTensor(`conv${i}.kernel`, [cout, cin, 3, 3], toOihw(get(`conv${i}.kernel`), 3, 3, cin, cout)));
    init.push(floatTensor(`conv${i}.bias`, [cout], get(`conv${i}.bias`)));
    nodes.push({
      opType: "Resize",
      input: [x, "", "resize.scales"],
      output: [`up${i}`],
      attribute: [
        attrString("mode", "nearest"),
        attrString("coordinate_transformation_mode", "asymmetric"),
        attrString("nearest_mode", "floor"),
      ],
    });
    nodes.push({
      opType: "Conv",
      input: [`up${i}`, `conv${i}.kernel`, `conv${i}.bias`],
      output: [`conv${i}`],
      attribute: [attrInts("pads", [1, 1, 1, 1]), attrInts("kernel_shape", [3, 3])],
    });
    nodes.push({ opType: "Relu", input: [`conv${i}`], output: [`x${i}`] });
    x = `x${i}`;
  }
  const last = config.widths[config.widths.length - 1] as number;
  init.push(floatTensor("out.kernel", [3, last, 3, 3], toOihw(get("out.kernel"), 3, 3, last, 3)));
  init.push(floatTensor("out.bias", [3], get("out.bias")));
  nodes.push({
    opType: "Conv",
    input: [x, "out.kernel", "out.bias"],
    output: ["logits"],
    attribute: [attrInts("pads", [1, 1, 1, 1]), attrInts("kernel_shape", [3, 3])],
  });
  nodes.push({ opType: "Sigmoid", input: ["logits"], output: ["rgb.nchw"] });
  nodes.push({
    opType: "Transpose",
    input: ["rgb.nchw"],
    output: ["images"],
    attribute: [attrInts("perm", [0, 2, 3, 1])],
  });
  const dim = (v: number | string) => (typeof v === "number" ? { dimValue: v } : { dimParam: v });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "likeness",
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "decoder",
      node: nodes,
      initializer: init,
      input: [
        { name: "codes", type: { tensorType: { elemType: FLOAT, shape: { dim: [dim("N"), dim(config.latent)] } } } },
      ],
      output: [
        {
          name: "images",
          type: {
            tensorType: { elemType: FLOAT, shape: { dim: [dim("N"), dim(config.height), dim(config.width), dim(3)] } },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
