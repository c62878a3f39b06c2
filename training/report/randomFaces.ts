/**
 * The model report's random faces: as the editor's Randomize draws them, then 12 further draws cut after
 * several depths, to show what the small components add when drawn at random.
 */
import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { trainingSliders } from "../../facemodel/randomFace";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import {
  type FaceSpace,
  RANDOM_MIN_DEPTH,
  RANDOM_PULL,
  RANDOM_VARIANCE_SHARE,
  randomCodes,
  randomDepth,
  randomSliders,
  slidersToCode,
} from "../../lib/faceSpace";
import { createRng, type Rng } from "../../lib/random";
import { decodeAll } from "./decodeAll";
import { img } from "./html";
import { type GridOptions, imageGrid } from "./imageGrid";

/** The same further draws, each slider past `depth` set to 0. */
export interface DepthRow {
  depth: number;
  faces: Float32Array[];
}

export interface RandomFaces {
  html: string;
  /** the faces as Randomize draws them */
  faces: Float32Array[];
  /** how many sliders Randomize draws */
  depth: number;
  /** the further draws, fewest components first; the last row keeps every component */
  rows: DepthRow[];
}

/** How a depth reads in the report's text. */
export const depthName = (d: number, latent: number) => `${d === latent ? "all" : "the first"} ${d} components`;

/** The share of the code variance the first `d` components explain. */
const shareOf = (space: FaceSpace, d: number) =>
  Array.from(space.explainedVarianceRatio.subarray(0, d)).reduce((a, b) => a + b, 0);

/** `count` faces as Randomize draws them and the depth rows, from a fixed seed so the report repeats. */
export async function randomFaces(
  model: LoadedModel,
  runtime: DecoderRuntime,
  count: number,
  grid: Omit<GridOptions, "columns">,
): Promise<RandomFaces> {
  const space = model.faceSpace;
  const { latent } = model.manifest.architecture;
  const rng = createRng(2024);
  const depth = randomDepth(space.explainedVarianceRatio);
  const flat = randomCodes(space, count, rng, depth, trainingSliders(model));
  const faces = await decodeAll(
    runtime,
    Array.from({ length: count }, (_, i) => flat.subarray(i * latent, (i + 1) * latent)),
    latent,
  );
  const rows = await depthRows(space, runtime, rng, depth);
  const html = `${await randomizeSection(space, faces, depth, grid)}${await depthSection(space, rows, depth, grid)}`;
  return { html, faces, depth, rows };
}

/** 12 more draws, each cut at several depths (the rest at 0): more components, more detail and more smears. */
async function depthRows(space: FaceSpace, runtime: DecoderRuntime, rng: Rng, depth: number): Promise<DepthRow[]> {
  const { latent } = space;
  const draws = Array.from({ length: 12 }, () => randomSliders(latent, rng));
  const depths = [...new Set([Math.min(RANDOM_MIN_DEPTH, latent), depth, 2 * depth, 4 * depth, latent])]
    .filter((d) => d <= latent)
    .sort((a, b) => a - b);
  const cut = (d: number) =>
    draws.map((s) =>
      slidersToCode(
        space,
        s.map((v, k) => (k < d ? v : 0)),
      ),
    );
  const rows: DepthRow[] = [];
  for (const d of depths) rows.push({ depth: d, faces: await decodeAll(runtime, cut(d), latent) });
  return rows;
}

/** Randomize's faces, with how it draws them. */
async function randomizeSection(
  space: FaceSpace,
  faces: Float32Array[],
  depth: number,
  grid: Omit<GridOptions, "columns">,
): Promise<string> {
  const { latent } = space;
  const varianceShare = shareOf(space, depth);
  const why =
    depth === RANDOM_MIN_DEPTH && varianceShare > RANDOM_VARIANCE_SHARE
      ? `at least ${RANDOM_MIN_DEPTH} are drawn`
      : `the first to reach ${RANDOM_VARIANCE_SHARE * 100} %`;
  return `<h2>${faces.length} random faces</h2><p>As the editor's Randomize draws them: the first ${depth} sliders (the components that explain ${(
    varianceShare * 100
  ).toFixed(0)} % of the code variance; ${why}) from N(0, 1), truncated at ±3σ; the other ${
    latent - depth
  } at 0; then each face pulled ${RANDOM_PULL * 100} % of the way toward the training code nearest to it on those sliders (a GLO decoder draws clean eyes and mouths near the codes it learned). Mapped back to a code and decoded.</p>${img(
    await imageGrid(faces, { ...grid, columns: 12 }),
    "random faces",
  )}`;
}

/** The depth rows, one under another, with the share of the variance each keeps. */
async function depthSection(
  space: FaceSpace,
  rows: DepthRow[],
  depth: number,
  grid: Omit<GridOptions, "columns">,
): Promise<string> {
  const depths = rows.map((row) => row.depth);
  const depthList = depths
    .map(
      (d) =>
        `${depthName(d, space.latent)} (${d === depth ? "Randomize's depth; " : ""}${(shareOf(space, d) * 100).toFixed(0)} % of the variance)`,
    )
    .join(", ");
  return `<h2>How many components a random face draws</h2><p>12 further draws of every slider from N(0, 1), truncated at ±3σ and not pulled, the same in each row; from top to bottom each row keeps ${depthList}, the rest at 0. The small components hold each training portrait's own details: drawn at random they add detail and smear and patch the face.</p>${img(
    await imageGrid(
      rows.flatMap((row) => row.faces),
      { ...grid, columns: 12 },
    ),
    `the same 12 random draws cut after ${depths.join(", ")} components`,
  )}`;
}
