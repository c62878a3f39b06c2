/**
 * A trained decoder made wider without changing what it draws (function-preserving widening, as in
 * Net2Net, Chen et al. 2016): every new channel gets fresh He-normal weights into it and zero weights
 * out of it, so the wider decoder decodes every code to the same image, and training goes on from
 * there with the new channels learning. Channels keep their places: old channel c stays channel c.
 */

import { baseGrid, type DecoderConfig, weightSpecs } from "../../facemodel/decoder/architecture";
import { flatten, unflatten } from "../../facemodel/decoder/weightsLayout";
import { normal, type Rng } from "../../lib/random";

/** Why `to` is not a widening of `from` (same image, latent and stages; no width smaller), or null. */
export function widenProblem(from: DecoderConfig, to: DecoderConfig): string | null {
  if (from.latent !== to.latent || from.height !== to.height || from.width !== to.width)
    return "a widening keeps the image size and latent size";
  if (from.widths.length !== to.widths.length) return "a widening keeps the number of upsampling stages";
  const narrower = to.widths.findIndex((w, i) => w < (from.widths[i] as number));
  if (narrower >= 0) return `width ${narrower} would shrink from ${from.widths[narrower]} to ${to.widths[narrower]}`;
  return null;
}

/**
 * Copies a kernel whose last axis is output channels and whose axis before it is input channels
 * (dense: [latent, cells × c], conv: [3, 3, cin, cout]) into a wider one. An old output channel keeps
 * its weights and gets zeros from new inputs; a new output channel gets He-normal weights from all inputs.
 */
function widenKernel(
  old: Float32Array,
  shape: { outer: number; cinOld: number; cin: number; coutOld: number; cout: number; fanIn: number },
  rng: Rng,
): Float32Array {
  const { outer, cinOld, cin, coutOld, cout } = shape;
  const std = Math.sqrt(2 / shape.fanIn);
  const out = new Float32Array(outer * cin * cout);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < cin; i++)
      for (let c = 0; c < cout; c++) {
        const at = (o * cin + i) * cout + c;
        if (c >= coutOld) out[at] = normal(rng) * std;
        else if (i < cinOld) out[at] = old[(o * cinOld + i) * coutOld + c] as number;
      }
  return out;
}

function widenBias(old: Float32Array, groups: number, coutOld: number, cout: number): Float32Array {
  const out = new Float32Array(groups * cout);
  for (let g = 0; g < groups; g++) out.set(old.subarray(g * coutOld, (g + 1) * coutOld), g * cout);
  return out;
}

/** `from`'s flat weights laid out for the wider `to`, drawing exactly the same images. */
export function widenWeights(from: DecoderConfig, to: DecoderConfig, weights: Float32Array, rng: Rng): Float32Array {
  const problem = widenProblem(from, to);
  if (problem) throw new Error(`cannot widen ${from.widths.join(",")} to ${to.widths.join(",")}: ${problem}`);
  const old = unflatten(from, weights);
  const get = (name: string) => {
    const w = old.get(name);
    if (!w) throw new Error(`decoder weight '${name}' is missing`);
    return w;
  };
  const grid = baseGrid(to);
  const cells = grid.height * grid.width;
  const widths = [...to.widths, 3];
  const oldWidths = [...from.widths, 3];
  const named = new Map<string, Float32Array>();
  for (const spec of weightSpecs(to)) {
    const [layer, part] = spec.name.split(".") as [string, string];
    const stage = layer === "dense" ? 0 : layer === "out" ? to.widths.length : Number(layer.slice(4));
    const cout = widths[stage] as number;
    const coutOld = oldWidths[stage] as number;
    const groups = layer === "dense" ? cells : 1;
    if (part === "bias") {
      named.set(spec.name, widenBias(get(spec.name), groups, coutOld, cout));
      continue;
    }
    // a dense kernel [latent, cells × c] is (latent × cells) rows of one input each, c outputs
    const kernel = widenKernel(
      get(spec.name),
      layer === "dense"
        ? { outer: to.latent * cells, cinOld: 1, cin: 1, coutOld, cout, fanIn: spec.fanIn }
        : {
            outer: 9,
            cinOld: oldWidths[stage - 1] as number,
            cin: widths[stage - 1] as number,
            coutOld,
            cout,
            fanIn: spec.fanIn,
          },
      rng,
    );
    named.set(spec.name, kernel);
  }
  return flatten(to, named);
}
