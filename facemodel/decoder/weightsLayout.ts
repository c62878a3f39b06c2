/** Decoder weights as one flat Float32Array in weightSpecs order, and views of its named parts. */
import { type DecoderConfig, weightSpecs } from "./architecture";

export interface WeightView {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** Each weight's place in a flat array holding `specs` one after another (any network's specs). */
export function layoutOf<S extends { name: string; shape: number[] }>(specs: S[]): (S & WeightView)[] {
  let offset = 0;
  return specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const view = { ...s, offset, size };
    offset += size;
    return view;
  });
}

export const weightLayout = (config: DecoderConfig): WeightView[] =>
  layoutOf(weightSpecs(config)).map(({ name, shape, offset, size }) => ({ name, shape, offset, size }));

export function flatten(config: DecoderConfig, named: Map<string, Float32Array>): Float32Array {
  const layout = weightLayout(config);
  const last = layout[layout.length - 1] as WeightView;
  const flat = new Float32Array(last.offset + last.size);
  for (const v of layout) {
    const part = named.get(v.name);
    if (!part || part.length !== v.size) throw new Error(`weight '${v.name}' missing or of the wrong size`);
    flat.set(part, v.offset);
  }
  return flat;
}

export function unflatten(config: DecoderConfig, flat: Float32Array): Map<string, Float32Array> {
  return new Map(weightLayout(config).map((v) => [v.name, flat.subarray(v.offset, v.offset + v.size)]));
}
