/**
 * The model report's random faces against the training set: how near each group of faces comes to a
 * training portrait and how sharp it is, beside the reconstructions (the decoder's best case) and the
 * mean face, with each random face shown above its nearest portrait.
 */
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { slidersToCode } from "../../lib/faceSpace";
import { decodeAll } from "./decodeAll";
import { type FaceMeasures, meanDetail, measureFaces } from "./faceQuality";
import { img } from "./html";
import { type GridOptions, imageGrid } from "./imageGrid";
import { depthName, type RandomFaces } from "./randomFaces";

/** One measure for each group of faces: random ones as Randomize draws them, random ones drawing every
 * component, reconstructions, and the mean face. */
export interface FaceGroups {
  reconstructions: number;
  random: number;
  randomEveryComponent: number;
  meanFace: number;
}

/** How random faces compare with reconstructions (the decoder's best case) against the training portraits. */
export interface FaceQualitySummary {
  /** mean PSNR (dB) of each face against its nearest training portrait */
  nearestPsnr: FaceGroups;
  /** mean detail (neighbour differences) ÷ that of the training portraits; 1 = as sharp as the data */
  detailRatio: FaceGroups;
  /** the 12 further random draws cut after each depth (leading components kept), measured the same ways */
  byDepth: { depth: number; nearestPsnr: number; detailRatio: number }[];
}

/** Both measures of each group, and of each depth row of the further draws. */
interface Measured {
  groups: Record<keyof FaceGroups, FaceMeasures>;
  byDepth: { depth: number; measures: FaceMeasures }[];
}

/** The section and its figures: each group measured, each random face above its nearest portrait. */
export async function qualitySection(
  model: LoadedModel,
  runtime: DecoderRuntime,
  portraits: Uint8Array,
  reconstructed: Float32Array[],
  random: RandomFaces,
  grid: Omit<GridOptions, "columns">,
): Promise<{ html: string; quality: FaceQualitySummary }> {
  const measured = await measureGroups(model, runtime, portraits, reconstructed, random);
  const { latent, width, height } = model.manifest.architecture;
  const pairs = nearestPairs(random.faces, measured.groups.random, portraits, width * height * 3);
  const html = `<h2>Random faces against the training set</h2><p>Each random face above its nearest training portrait (least squared error). A random face that is a plausible portrait comes about as close to some portrait as a reconstruction does, and is about as sharp; one that copies a portrait would match it exactly. Closeness alone rewards blur: the mean face (every slider 0) is close to many portraits and has little detail, so read the two columns together.</p>
      ${qualityTable(measured, reconstructed.length, random, latent)}${img(await imageGrid(pairs, { ...grid, columns: 12 }), "random faces above their nearest training portraits")}`;
  return { html, quality: summarize(measured) };
}

/** Measures every group against the portraits, decoding the mean face (every slider 0) to do so. */
async function measureGroups(
  model: LoadedModel,
  runtime: DecoderRuntime,
  portraits: Uint8Array,
  reconstructed: Float32Array[],
  random: RandomFaces,
): Promise<Measured> {
  const { latent, width, height } = model.manifest.architecture;
  const count = model.manifest.dataset.size;
  const scale = { width, height, portraitDetail: meanDetail(portraits, count, width, height) };
  const [meanFace] = await decodeAll(runtime, [slidersToCode(model.faceSpace, new Float64Array(latent))], latent);
  const byDepth = random.rows.map((row) => ({
    depth: row.depth,
    measures: measureFaces(row.faces, portraits, count, scale),
  }));
  const groups = {
    reconstructions: measureFaces(reconstructed, portraits, count, scale),
    random: measureFaces(random.faces, portraits, count, scale),
    // the last row keeps every component (depths end at latent)
    randomEveryComponent: (byDepth.at(-1) as (typeof byDepth)[number]).measures,
    meanFace: measureFaces([meanFace as Float32Array], portraits, count, scale),
  };
  return { groups, byDepth };
}

/** The figures the report returns, without the nearest portraits themselves. */
function summarize({ groups, byDepth }: Measured): FaceQualitySummary {
  const of = (key: "nearestPsnr" | "detailRatio") => ({
    reconstructions: groups.reconstructions[key],
    random: groups.random[key],
    randomEveryComponent: groups.randomEveryComponent[key],
    meanFace: groups.meanFace[key],
  });
  return {
    nearestPsnr: of("nearestPsnr"),
    detailRatio: of("detailRatio"),
    byDepth: byDepth.map(({ depth, measures }) => ({
      depth,
      nearestPsnr: measures.nearestPsnr,
      detailRatio: measures.detailRatio,
    })),
  };
}

/** Each row of 12 random faces followed by a row of their nearest portraits. */
function nearestPairs(
  faces: Float32Array[],
  measures: FaceMeasures,
  portraits: Uint8Array,
  size: number,
): (Float32Array | Uint8Array)[] {
  const pairs: (Float32Array | Uint8Array)[] = [];
  for (let i = 0; i < faces.length; i += 12) {
    pairs.push(...faces.slice(i, i + 12));
    for (const { index } of measures.nearest.slice(i, i + 12))
      pairs.push(portraits.subarray(index * size, (index + 1) * size));
  }
  return pairs;
}

/** Both measures for each group, the depth rows between the random faces and the mean face. */
function qualityTable(
  { groups, byDepth }: Measured,
  reconstructions: number,
  random: RandomFaces,
  latent: number,
): string {
  const rows = [
    [`${reconstructions} reconstructions`, groups.reconstructions],
    [`${random.faces.length} random faces`, groups.random],
    ...byDepth.map(
      ({ depth: d, measures }) =>
        [
          `the 12 further draws on ${depthName(d, latent)}${d === random.depth ? " (Randomize's depth, not pulled)" : ""}`,
          measures,
        ] as const,
    ),
    ["the mean face", groups.meanFace],
  ] as const;
  return `<table class="quality"><tr><th></th><th>PSNR to the nearest training portrait</th><th>detail ÷ the portraits' detail</th></tr>${rows
    .map(
      ([what, g]) =>
        `<tr><th>${what}</th><td>${g.nearestPsnr.toFixed(2)} dB</td><td>${g.detailRatio.toFixed(2)}</td></tr>`,
    )
    .join("")}</table>`;
}
