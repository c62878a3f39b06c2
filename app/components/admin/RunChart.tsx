"use client";

/**
 * A run's loss and PSNR over its steps (uPlot): loss on the left axis, PSNR in dB on the right, the
 * values under the pointer in the legend. The chart is made once and given new data as the run goes on.
 */
import { useEffect, useRef } from "react";
import uPlot, { type AlignedData, type Options } from "uplot";
import "uplot/dist/uPlot.min.css";
import type { RunHistoryPoint } from "../../../lib/api/trainingApi";

const LOSS = "#d2452c";
const PSNR = "#1e6edc";

/** Steps on x; loss and PSNR where a point has them (PSNR only at evaluations: the gaps are spanned). */
function aligned(history: RunHistoryPoint[]): AlignedData {
  const points = history.filter((p) => p.step !== undefined).sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  return [points.map((p) => p.step as number), points.map((p) => p.loss ?? null), points.map((p) => p.psnr ?? null)];
}

function options(width: number): Options {
  return {
    width,
    height: 180,
    scales: { x: { time: false }, loss: {}, psnr: {} },
    series: [
      { label: "step" },
      { label: "loss", scale: "loss", stroke: LOSS, width: 1.5, value: (_u, v) => (v == null ? "—" : v.toFixed(5)) },
      {
        label: "PSNR (dB)",
        scale: "psnr",
        stroke: PSNR,
        width: 2,
        spanGaps: true,
        points: { show: true, size: 4 },
        value: (_u, v) => (v == null ? "—" : v.toFixed(2)),
      },
    ],
    axes: [
      { label: "step" },
      { scale: "loss", stroke: LOSS, size: 60, values: (_u, ticks) => ticks.map((t) => t.toPrecision(2)) },
      { scale: "psnr", side: 1, stroke: PSNR, grid: { show: false }, values: (_u, ticks) => ticks.map((t) => `${t}`) },
    ],
  };
}

export function RunChart({ history }: { history: RunHistoryPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const enough = history.filter((p) => p.step !== undefined).length >= 2;

  useEffect(() => {
    if (!enough || !box.current) return;
    if (!chart.current) {
      const width = Math.min(560, box.current.clientWidth || 360);
      chart.current = new uPlot(options(width), aligned(history), box.current);
    } else chart.current.setData(aligned(history));
  }, [history, enough]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  if (!enough) return <p className="status">The chart appears after the first steps.</p>;
  return <div className="run-chart" ref={box} role="img" aria-label="Loss and PSNR over the run's steps" />;
}
