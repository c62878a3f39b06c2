/** The model report's tables and charts read from the manifest, face space and codes: no decoding. */
import type { ModelManifest } from "../../facemodel/artifact/manifest";
import { type ComponentFactor, componentFactors, FACTOR_LABELS } from "../../facemodel/componentFactors";
import type { FaceSpace } from "../../lib/faceSpace";
import { esc } from "./html";
import { lineChart } from "./svgChart";

/** Version, decoder, dataset, training and the headline figures. */
export function summaryTable(m: ModelManifest): string {
  const { latent, width, height } = m.architecture;
  const count = m.dataset.size;
  // a warm start's steps and minutes are its own stage's; the history (and the curve) holds all stages
  const trainingMinutes = m.training.seconds / 60;
  const from = m.training.settings.initFrom;
  const warmStart = from
    ? `; a warm start from ${esc(from.model)} after ${(from.seconds / 60).toFixed(0)} min, ${((from.seconds + m.training.seconds) / 60).toFixed(0)} min in all`
    : "";
  return `<table class="summary">
    <tr><th>version</th><td>${esc(m.version)}</td></tr>
    <tr><th>decoder</th><td>${m.architecture.kind}, widths ${m.architecture.widths.join("/")}, ${m.parameters.toLocaleString("en")} weights, ${(m.flopsPerFace / 1e9).toFixed(2)} GFLOP per face</td></tr>
    <tr><th>image, latent</th><td>${width}×${height} RGB, ${latent} numbers</td></tr>
    <tr><th>dataset</th><td>${count} portraits, id ${esc(m.dataset.id)}${m.dataset.source ? `, from ${esc(m.dataset.source)}` : ""}</td></tr>
    <tr><th>training</th><td>${m.training.steps} steps, batch ${m.training.settings.batch}, loss ${m.training.settings.loss}, ${trainingMinutes.toFixed(1)} min on ${esc(m.training.backend)} (${esc(m.training.machine ?? "")})${warmStart}</td></tr>
    <tr><th>command</th><td><code>${esc(m.training.command ?? "")}</code></td></tr>
    <tr><th>reconstruction PSNR</th><td><b>${m.metrics.trainPsnr.toFixed(2)} dB</b> mean over all ${count} training portraits (mean-image baseline ${m.metrics.meanImagePsnr?.toFixed(2) ?? "?"} dB)</td></tr>
    <tr><th>explained variance</th><td>top 10: ${(m.metrics.explainedVarianceTop10 * 100).toFixed(1)}%, top 20: ${(m.metrics.explainedVarianceTop20 * 100).toFixed(1)}%</td></tr>
  </table>`;
}

/** Reconstruction PSNR over the training time, from the history's measured points. */
export function psnrChart(m: ModelManifest): string {
  const history = m.training.history.filter((h) => h.psnr !== undefined);
  return `<h2>Reconstruction PSNR over training time</h2>${lineChart({
    title: "PSNR on a fixed sample of training portraits",
    xLabel: "training time (minutes)",
    yLabel: "PSNR (dB)",
    series: [{ name: "PSNR", color: "#1e6edc", points: history.map((h) => [h.seconds / 60, h.psnr as number]) }],
  })}`;
}

/** Each component's share of the code variance, and the cumulative share. */
export function varianceCharts(explainedVarianceRatio: Float64Array): string {
  const ratio = Array.from(explainedVarianceRatio);
  let cumulative = 0;
  const cum = ratio.map((r, i) => {
    cumulative += r;
    return [i + 1, cumulative * 100] as [number, number];
  });
  return `<h2>Explained variance</h2>${lineChart({
    title: "Variance of the learned codes per principal component",
    xLabel: "component",
    yLabel: "% of variance",
    bars: true,
    series: [{ name: "per component", color: "#1e6edc", points: ratio.map((r, i) => [i + 1, r * 100]) }],
  })}${lineChart({
    title: "Cumulative",
    xLabel: "components",
    yLabel: "% of variance",
    series: [{ name: "cumulative", color: "#d2452c", points: cum }],
  })}<p>Top 20: ${ratio
    .slice(0, 20)
    .map((r, i) => `${i + 1}: ${(r * 100).toFixed(1)}%`)
    .join(", ")}</p>`;
}

/** |r| between each top component and each ground-truth factor, shaded. */
function factorTable(table: ComponentFactor[], names: string[]): string {
  const head = names.map((n) => `<th title="${esc(n)}">${esc(FACTOR_LABELS[n] ?? n)}</th>`).join("");
  const rows = table
    .map((row) => {
      const cells = names
        .map((n) => {
          const r = Math.abs(row.factors.find((f) => f.factor === n)?.r ?? 0);
          const shade = `rgba(30, 110, 220, ${Math.min(1, r).toFixed(2)})`;
          return `<td style="background:${shade};color:${r > 0.5 ? "#fff" : "#000"}">${r.toFixed(2)}</td>`;
        })
        .join("");
      return `<tr><th>${row.component + 1}</th>${cells}</tr>`;
    })
    .join("");
  return `<table class="factors"><tr><th>component</th>${head}</tr>${rows}</table>`;
}

/** Which ground-truth factors the top 10 components track, and how many track one with |r| ≥ 0.5. */
export function factorSection(space: FaceSpace, codes: Float32Array, factors: Record<string, number>[]): string {
  const table = componentFactors(space, codes, factors, 10);
  const names = Object.keys(factors[0] ?? {});
  const tracked = table.filter((row) => Math.abs(row.factors[0]?.r ?? 0) >= 0.5);
  const distinct = new Set(tracked.map((row) => row.factors[0]?.factor));
  return `<h2>Which ground-truth factors the top 10 components track (|r|)</h2><p>${tracked.length} of the top 10 components track a factor with |r| ≥ 0.5; ${distinct.size} distinct factors.</p>${factorTable(table, names)}`;
}
