/** A small builder for ONNX graphs (opset 17): nodes, constants, typed inputs and outputs. */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
export type INode = onnxProto.onnx.INodeProto;
type ITensor = onnxProto.onnx.ITensorProto;
type IValueInfo = onnxProto.onnx.IValueInfoProto;
type IAttribute = onnxProto.onnx.IAttributeProto;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const UINT8 = onnx.TensorProto.DataType.UINT8;
const INT64 = onnx.TensorProto.DataType.INT64;
const A = onnx.AttributeProto.AttributeType;

export const ints = (name: string, values: number[]): IAttribute => ({ name, type: A.INTS, ints: values });
export const int = (name: string, value: number): IAttribute => ({ name, type: A.INT, i: value });
export const float = (name: string, value: number): IAttribute => ({ name, type: A.FLOAT, f: value });
export const str = (name: string, value: string): IAttribute => ({
  name,
  type: A.STRING,
  s: new TextEncoder().encode(value),
});

export function floatTensor(name: string, dims: number[], values: Float32Array): ITensor {
  const copy = Float32Array.from(values);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(copy.buffer) };
}

export function int64Tensor(name: string, values: number[]): ITensor {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

export const valueInfo = (name: string, dims: (number | string)[], elemType: number = FLOAT): IValueInfo => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

export class GraphBuilder {
  readonly nodes: INode[] = [];
  readonly initializers: ITensor[] = [];
  readonly inputs: IValueInfo[] = [];
  readonly outputs: IValueInfo[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  /** Adds a node and returns its (first) output name. */
  op(opType: string, input: string[], attribute: IAttribute[] = [], output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input, output: [out], attribute, name: out });
    return out;
  }

  /** An int64 constant, shared by value. */
  i64(values: number[]): string {
    const key = values.join(",");
    let name = this.constants.get(key);
    if (!name) {
      name = `i64_${this.counter++}`;
      this.initializers.push(int64Tensor(name, values));
      this.constants.set(key, name);
    }
    return name;
  }

  f32(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  input(name: string, dims: (number | string)[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  output(name: string, dims: (number | string)[], elemType: number = FLOAT): void {
    this.outputs.push(valueInfo(name, dims, elemType));
  }

  encode(graphName: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: "likeness",
      opsetImport: [{ domain: "", version: 17 }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** [kh, kw, cin, cout] (TF.js) → [cout, cin, kh, kw] (ONNX); flip = rotate 180° and swap in/out: [cin, cout, kh, kw]. */
export function toOihw(w: ArrayLike<number>, cin: number, cout: number, flip = false): Float32Array {
  const out = new Float32Array(9 * cin * cout);
  for (let y = 0; y < 3; y++)
    for (let x = 0; x < 3; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          const v = w[((y * 3 + x) * cin + i) * cout + o] as number;
          if (flip) out[((i * cout + o) * 3 + (2 - y)) * 3 + (2 - x)] = v;
          else out[((o * cin + i) * 3 + y) * 3 + x] = v;
        }
  return out;
}

/** Dense columns laid out (y, x, c) in TF.js ↔ (c, y, x) for an NCHW reshape. */
export function denseColumnsToChw(
  k: ArrayLike<number>,
  rows: number,
  cells: number,
  channels: number,
  inverse = false,
): Float32Array {
  const cols = cells * channels;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let p = 0; p < cells; p++)
      for (let c = 0; c < channels; c++) {
        const hwc = r * cols + p * channels + c;
        const chw = r * cols + c * cells + p;
        if (inverse) out[hwc] = k[chw] as number;
        else out[chw] = k[hwc] as number;
      }
  return out;
}
