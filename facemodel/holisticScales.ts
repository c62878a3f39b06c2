/**
 * Holistic scales (EvoFIT's strongest tool): sliders that move many components at once along a known
 * factor of the training faces (masculine to feminine, face width, skin tone…), found from the factors
 * a labelled training set records (the synthetic yearbook's labels.json). A scale's direction is the
 * change of the sliders per standard deviation of its factor (the regression of each slider on the
 * factor over the training codes); the components that track background and position are left out, so a
 * scale changes the person only. Its r is the correlation, over the training faces, of their position
 * along the scale with the factor itself. A model trained on photos without factors has no scales.
 */
import { codesToSliders, type FaceSpace } from "../lib/faceSpace";
import type { HolisticScale } from "../lib/holisticScale";
import { pearson } from "./componentFactors";

/** The factors offered as scales, and their names in plain words (low end – high end). */
export const SCALE_FACTORS: Record<string, string> = {
  female: "masculine – feminine",
  fatness: "face width (thin – broad)",
  skinLuma: "skin tone (darker – lighter)",
  hairLuma: "hair colour (darker – lighter)",
  longHair: "hair length (short – long)",
  facialHair: "facial hair (none – full)",
};

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** `held`: components a scale never moves (background, position). */
export function holisticScales(
  space: FaceSpace,
  codes: Float32Array,
  factors: Record<string, number>[],
  held: ReadonlySet<number>,
): HolisticScale[] {
  const n = factors.length;
  const latent = space.latent;
  const sliders = codesToSliders(space, codes.subarray(0, n * latent));
  const sliderMean = new Float64Array(latent);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < latent; k++)
      sliderMean[k] = (sliderMean[k] as number) + (sliders[i * latent + k] as number) / n;
  const scales: HolisticScale[] = [];
  for (const [factor, label] of Object.entries(SCALE_FACTORS)) {
    const f = factors.map((row) => row[factor]);
    if (f.some((v) => typeof v !== "number" || !Number.isFinite(v))) continue;
    const values = f as number[];
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
    if (sd === 0) continue;
    const direction = new Array<number>(latent).fill(0);
    for (let k = 0; k < latent; k++) {
      if (held.has(k)) continue;
      let cov = 0;
      for (let i = 0; i < n; i++)
        cov += ((sliders[i * latent + k] as number) - (sliderMean[k] as number)) * ((values[i] as number) - mean);
      direction[k] = round4(cov / n / sd);
    }
    const positions = Array.from({ length: n }, (_, i) => {
      let p = 0;
      for (let k = 0; k < latent; k++) p += (sliders[i * latent + k] as number) * (direction[k] as number);
      return p;
    });
    scales.push({ factor, label, direction, r: Math.round(pearson(positions, values) * 1000) / 1000 });
  }
  return scales;
}
