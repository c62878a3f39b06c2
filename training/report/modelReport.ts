/**
 * The model report: one self-contained HTML page with what a person would rather look at than read:
 * reconstructions beside originals, random faces, component sweeps, explained variance, PSNR over
 * training time, and which ground-truth factors the top components track. Each section is built in its
 * own module; this one puts them in order.
 */

import type { LoadedModel } from "../../facemodel/artifact/modelArtifact";
import type { DecoderRuntime } from "../../facemodel/runtime/decoderRuntime";
import { componentSweeps } from "./componentSweeps";
import { type FaceQualitySummary, qualitySection } from "./qualitySection";
import { randomFaces } from "./randomFaces";
import { reconstructions } from "./reconstructions";
import { reportPage } from "./reportPage";
import { scaleSweeps } from "./scaleSweeps";
import { factorSection, psnrChart, summaryTable, varianceCharts } from "./summarySections";

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

export interface ModelReport {
  html: string;
  /** present when the training images were given */
  quality?: FaceQualitySummary;
}

export async function buildModelReport(o: ReportInputs): Promise<ModelReport> {
  const { model, runtime, images, factors } = o;
  const m = model.manifest;
  const grid = { width: m.architecture.width, height: m.architecture.height, scale: 1 };
  const rebuilt = await reconstructions(model, runtime, images, o.reconstructions ?? 12, grid);
  const random = await randomFaces(model, runtime, o.randomFaces ?? 24, grid);
  const compared = images ? await qualitySection(model, runtime, images, rebuilt.faces, random, grid) : undefined;
  const sections = [
    summaryTable(m),
    psnrChart(m),
    rebuilt.html,
    random.html,
    ...(compared ? [compared.html] : []),
    await componentSweeps(model, runtime, o.sweepComponents ?? 12, grid),
    await scaleSweeps(model, runtime, grid),
    varianceCharts(model.faceSpace.explainedVarianceRatio),
    ...(factors && factors.length === m.dataset.size ? [factorSection(model.faceSpace, model.codes, factors)] : []),
  ];
  return { html: reportPage(m.version, sections), quality: compared?.quality };
}
