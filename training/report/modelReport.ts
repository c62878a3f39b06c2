/**
 * The model report: one self-contained HTML page with what a person would rather look at than read:
 * reconstructions beside originals, random faces, component sweeps, explained variance, PSNR over
 * training time, and which ground-truth factors the top components track.
 */

import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import { componentFactors } from "../../facemodel/componentFactors";
import { trainingSliders } from "../../facemodel/randomFace";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import {
  RANDOM_MIN_DEPTH,
  RANDOM_PULL,
  RANDOM_VARIANCE_SHARE,
  randomCodes,
  randomDepth,
  randomSliders,
  slidersToCode,
} from "../../lib/faceSpace";
import { createRng } from "../../lib/random";
import { meanDetail, measureFaces } from "./faceQuality";
import { esc, img } from "./html";
import { imageGrid, splitImages } from "./imageGrid";
import { scaleSweeps } from "./scaleSweeps";
import { factorTable, summaryTable, varianceCharts } from "./summarySections";
import { lineChart } from "./svgChart";

export interface ReportInputs {
  model: LoadedModel;
  runtime: DecoderRuntime;
  /** the training images (same order as the codes), when available */
  images?: Uint8Array;
  /** ground-truth factors per training image, when the dataset is labelled */
  factors?: Record<string, number>[];
  reconstructions?: number;
  randomFaces?: number;
  sweepComponents?: number;
}

async function decodeAll(runtime: DecoderRuntime, codes: Float32Array[], latent: number): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < codes.length; i += 32) {
    const part = codes.slice(i, i + 32);
    const flat = new Float32Array(part.length * latent);
    part.forEach((c, j) => {
      flat.set(c, j * latent);
    });
    out.push(...splitImages(await runtime.decode(flat, part.length), part.length));
  }
  return out;
}

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

export interface ModelReport {
  html: string;
  /** present when the training images were given */
  quality?: FaceQualitySummary;
}

export async function buildModelReport(o: ReportInputs): Promise<ModelReport> {
  const { model, runtime } = o;
  const m = model.manifest;
  const { latent, width, height } = m.architecture;
  const space = model.faceSpace;
  const count = m.dataset.size;
  const grid = { width, height, scale: 1 };
  const sections: string[] = [];
  const labels = new Map(m.components.map((c) => [c.component, c]));

  sections.push(summaryTable(m));

  const history = m.training.history.filter((h) => h.psnr !== undefined);
  sections.push(
    `<h2>Reconstruction PSNR over training time</h2>${lineChart({
      title: "PSNR on a fixed sample of training portraits",
      xLabel: "training time (minutes)",
      yLabel: "PSNR (dB)",
      series: [{ name: "PSNR", color: "#1e6edc", points: history.map((h) => [h.seconds / 60, h.psnr as number]) }],
    })}`,
  );

  let reconstructed: Float32Array[] = [];
  if (o.images) {
    const n = Math.min(o.reconstructions ?? 12, count);
    const picks = Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
    const decoded = await decodeAll(
      runtime,
      picks.map((p) => model.codes.subarray(p * latent, (p + 1) * latent)),
      latent,
    );
    const size = width * height * 3;
    const originals = picks.map((p) => (o.images as Uint8Array).subarray(p * size, (p + 1) * size));
    reconstructed = decoded;
    const cells: (Float32Array | Uint8Array)[] = [...originals, ...decoded];
    sections.push(
      `<h2>Reconstructions</h2><p>Top row: training portraits; bottom row: the decoder's rendering of each one's learned code.</p>${img(
        await imageGrid(cells, { ...grid, columns: n }),
        "originals above reconstructions",
      )}`,
    );
  } else {
    sections.push(
      "<h2>Reconstructions</h2><p>The training images were not found; pass --data to show reconstructions.</p>",
    );
  }

  const rng = createRng(2024);
  const randomCount = o.randomFaces ?? 24;
  const depth = randomDepth(space.explainedVarianceRatio);
  const randomFlat = randomCodes(space, randomCount, rng, depth, trainingSliders(o.model));
  const randoms = await decodeAll(
    runtime,
    Array.from({ length: randomCount }, (_, i) => randomFlat.subarray(i * latent, (i + 1) * latent)),
    latent,
  );
  // 12 more draws, each cut at several depths (the rest at 0): more components, more detail and more smears
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
  const byDepth: { depth: number; faces: Float32Array[] }[] = [];
  for (const d of depths) byDepth.push({ depth: d, faces: await decodeAll(runtime, cut(d), latent) });
  const shareOf = (d: number) => Array.from(space.explainedVarianceRatio.subarray(0, d)).reduce((a, b) => a + b, 0);
  const varianceShare = shareOf(depth);
  const why =
    depth === RANDOM_MIN_DEPTH && varianceShare > RANDOM_VARIANCE_SHARE
      ? `at least ${RANDOM_MIN_DEPTH} are drawn`
      : `the first to reach ${RANDOM_VARIANCE_SHARE * 100} %`;
  const depthName = (d: number) => `${d === latent ? "all" : "the first"} ${d} components`;
  const depthList = depths
    .map(
      (d) =>
        `${depthName(d)} (${d === depth ? "Randomize's depth; " : ""}${(shareOf(d) * 100).toFixed(0)} % of the variance)`,
    )
    .join(", ");
  sections.push(
    `<h2>${randomCount} random faces</h2><p>As the editor's Randomize draws them: the first ${depth} sliders (the components that explain ${(
      varianceShare * 100
    ).toFixed(0)} % of the code variance; ${why}) from N(0, 1), truncated at ±3σ; the other ${
      latent - depth
    } at 0; then each face pulled ${RANDOM_PULL * 100} % of the way toward the training code nearest to it on those sliders (a GLO decoder draws clean eyes and mouths near the codes it learned). Mapped back to a code and decoded.</p>${img(
      await imageGrid(randoms, { ...grid, columns: 12 }),
      "random faces",
    )}<h2>How many components a random face draws</h2><p>12 further draws of every slider from N(0, 1), truncated at ±3σ and not pulled, the same in each row; from top to bottom each row keeps ${depthList}, the rest at 0. The small components hold each training portrait's own details: drawn at random they add detail and smear and patch the face.</p>${img(
      await imageGrid(
        byDepth.flatMap((row) => row.faces),
        { ...grid, columns: 12 },
      ),
      `the same 12 random draws cut after ${depths.join(", ")} components`,
    )}`,
  );

  let quality: FaceQualitySummary | undefined;
  if (o.images) {
    const portraits = o.images;
    const size = width * height * 3;
    const scale = { width, height, portraitDetail: meanDetail(portraits, count, width, height) };
    const [meanFace] = await decodeAll(runtime, [slidersToCode(space, new Float64Array(latent))], latent);
    const depthMeasures = byDepth.map((row) => ({
      depth: row.depth,
      measures: measureFaces(row.faces, portraits, count, scale),
    }));
    const groups = {
      reconstructions: measureFaces(reconstructed, portraits, count, scale),
      random: measureFaces(randoms, portraits, count, scale),
      // the last row keeps every component (depths end at latent)
      randomEveryComponent: (depthMeasures.at(-1) as (typeof depthMeasures)[number]).measures,
      meanFace: measureFaces([meanFace as Float32Array], portraits, count, scale),
    };
    const of = (key: "nearestPsnr" | "detailRatio") => ({
      reconstructions: groups.reconstructions[key],
      random: groups.random[key],
      randomEveryComponent: groups.randomEveryComponent[key],
      meanFace: groups.meanFace[key],
    });
    quality = {
      nearestPsnr: of("nearestPsnr"),
      detailRatio: of("detailRatio"),
      byDepth: depthMeasures.map(({ depth: d, measures: m }) => ({
        depth: d,
        nearestPsnr: m.nearestPsnr,
        detailRatio: m.detailRatio,
      })),
    };
    const pairs: (Float32Array | Uint8Array)[] = [];
    for (let i = 0; i < randoms.length; i += 12) {
      const row = randoms.slice(i, i + 12);
      pairs.push(...row);
      for (const { index } of groups.random.nearest.slice(i, i + 12))
        pairs.push(portraits.subarray(index * size, (index + 1) * size));
    }
    const tableRows = [
      [`${reconstructed.length} reconstructions`, groups.reconstructions],
      [`${randoms.length} random faces`, groups.random],
      ...depthMeasures.map(
        ({ depth: d, measures }) =>
          [
            `the 12 further draws on ${depthName(d)}${d === depth ? " (Randomize's depth, not pulled)" : ""}`,
            measures,
          ] as const,
      ),
      ["the mean face", groups.meanFace],
    ] as const;
    sections.push(
      `<h2>Random faces against the training set</h2><p>Each random face above its nearest training portrait (least squared error). A random face that is a plausible portrait comes about as close to some portrait as a reconstruction does, and is about as sharp; one that copies a portrait would match it exactly. Closeness alone rewards blur: the mean face (every slider 0) is close to many portraits and has little detail, so read the two columns together.</p>
      <table class="quality"><tr><th></th><th>PSNR to the nearest training portrait</th><th>detail ÷ the portraits' detail</th></tr>${tableRows
        .map(
          ([what, g]) =>
            `<tr><th>${what}</th><td>${g.nearestPsnr.toFixed(2)} dB</td><td>${g.detailRatio.toFixed(2)}</td></tr>`,
        )
        .join(
          "",
        )}</table>${img(await imageGrid(pairs, { ...grid, columns: 12 }), "random faces above their nearest training portraits")}`,
    );
  }

  const sweepCount = Math.min(o.sweepComponents ?? 12, latent);
  const steps = [-3, -2, -1, 0, 1, 2, 3];
  const sweepCodes: Float32Array[] = [];
  for (let k = 0; k < sweepCount; k++)
    for (const s of steps) {
      const sliders = new Float64Array(latent);
      sliders[k] = s;
      sweepCodes.push(slidersToCode(space, sliders));
    }
  const sweeps = await decodeAll(runtime, sweepCodes, latent);
  const rows: string[] = [];
  for (let k = 0; k < sweepCount; k++) {
    const label = labels.get(k);
    rows.push(
      `<div class="sweep"><div class="label"><b>${k + 1}</b> ${label ? `${esc(label.label)} <small>|r| ${label.r?.toFixed(2)}</small>` : ""}<br><small>${((space.explainedVarianceRatio[k] as number) * 100).toFixed(1)}% of variance</small></div>${img(
        await imageGrid(sweeps.slice(k * steps.length, (k + 1) * steps.length), { ...grid, columns: steps.length }),
        `component ${k + 1} from -3σ to +3σ`,
      )}</div>`,
    );
  }
  sections.push(`<h2>The first ${sweepCount} components, each swept −3σ … +3σ</h2>${rows.join("")}`);
  sections.push(await scaleSweeps(model, runtime, grid));

  sections.push(varianceCharts(space.explainedVarianceRatio));

  if (o.factors && o.factors.length === count) {
    const table = componentFactors(space, model.codes, o.factors, 10);
    const names = Object.keys(o.factors[0] ?? {});
    const tracked = table.filter((row) => Math.abs(row.factors[0]?.r ?? 0) >= 0.5);
    const distinct = new Set(tracked.map((row) => row.factors[0]?.factor));
    sections.push(
      `<h2>Which ground-truth factors the top 10 components track (|r|)</h2><p>${tracked.length} of the top 10 components track a factor with |r| ≥ 0.5; ${distinct.size} distinct factors.</p>${factorTable(table, names)}`,
    );
  }

  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Likeness model ${esc(m.version)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1400px; }
img { image-rendering: pixelated; display: block; margin: 8px 0; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
table.factors td { text-align: center; font-size: 12px; } table.factors th { font-size: 11px; }
.sweep { display: flex; align-items: center; gap: 12px; } .sweep .label { width: 200px; }
</style></head><body><h1>Likeness model <code>${esc(m.version)}</code></h1>${sections.join("\n")}</body></html>`;
  return { html, quality };
}
