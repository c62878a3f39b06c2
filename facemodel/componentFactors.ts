/**
 * Which ground-truth factors do the principal components track? Pearson |r| between each
 * component's slider value and each labelled factor, over the training images.
 */
import { codeToSliders, type FaceSpace } from "../lib/faceSpace";

export const FACTOR_LABELS: Record<string, string> = {
  female: "gender / hair length",
  skinLuma: "skin tone",
  hairLuma: "hair colour",
  longHair: "long hair",
  glasses: "glasses",
  facialHair: "facial hair",
  fatness: "face width",
  shirtLuma: "shirt brightness",
  shirtRed: "shirt red",
  shirtGreen: "shirt green",
  shirtBlue: "shirt blue",
  backgroundLuma: "background brightness",
  backgroundBlue: "background hue",
  offsetX: "horizontal position",
  offsetY: "height",
  zoom: "zoom",
  tilt: "head lean",
  headScale: "head size",
  eyeAngle: "eye angle",
  eyebrowAngle: "eyebrow angle",
  noseSize: "nose size",
  earSize: "ear size",
};

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export interface ComponentFactor {
  component: number;
  /** factors sorted by |r|, strongest first */
  factors: { factor: string; r: number }[];
}

export function componentFactors(
  space: FaceSpace,
  codes: Float32Array,
  factors: Record<string, number>[],
  components: number,
): ComponentFactor[] {
  const n = factors.length;
  const sliders = Array.from({ length: n }, (_, i) =>
    codeToSliders(space, codes.subarray(i * space.latent, (i + 1) * space.latent)),
  );
  const names = Object.keys(factors[0] ?? {});
  const columns = new Map(names.map((f) => [f, factors.map((row) => row[f] as number)]));
  return Array.from({ length: Math.min(components, space.latent) }, (_, k) => {
    const s = sliders.map((row) => row[k] as number);
    const rs = names.map((f) => ({ factor: f, r: pearson(s, columns.get(f) as number[]) }));
    rs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
    return { component: k, factors: rs };
  });
}

/**
 * Labels components by the factor each tracks best (|r| ≥ threshold); each factor names at most one
 * component (the one tracking it most strongly), so labels stay distinct.
 */
export function labelComponents(table: ComponentFactor[], threshold = 0.5) {
  const best = new Map<string, { component: number; r: number }>();
  for (const row of table)
    for (const f of row.factors)
      if (Math.abs(f.r) >= threshold && Math.abs(f.r) > Math.abs(best.get(f.factor)?.r ?? 0))
        best.set(f.factor, { component: row.component, r: f.r });
  const labels: { component: number; label: string; factor: string; r: number }[] = [];
  for (const row of table) {
    const own = row.factors.find((f) => best.get(f.factor)?.component === row.component && Math.abs(f.r) >= threshold);
    if (own)
      labels.push({
        component: row.component,
        label: FACTOR_LABELS[own.factor] ?? own.factor,
        factor: own.factor,
        r: Math.abs(own.r),
      });
  }
  return labels;
}
