"use client";

/** A run's loss and PSNR over its steps: two lines on one small SVG chart, each on its own scale. */
interface Point {
  step?: number;
  loss?: number;
  psnr?: number;
}

function line(points: [number, number][], w: number, h: number): string {
  if (points.length === 0) return "";
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => ((x - x0) / (x1 - x0 || 1)) * (w - 8) + 4;
  const sy = (y: number) => h - 4 - ((y - y0) / (y1 - y0 || 1)) * (h - 8);
  return points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
}

export function RunChart({ history }: { history: Point[] }) {
  const w = 360;
  const h = 120;
  const loss = history
    .filter((p) => p.step !== undefined && p.loss !== undefined)
    .map((p) => [p.step, p.loss] as [number, number]);
  const psnr = history
    .filter((p) => p.step !== undefined && p.psnr !== undefined)
    .map((p) => [p.step, p.psnr] as [number, number]);
  if (loss.length + psnr.length < 2) return <p className="status">The chart appears after the first steps.</p>;
  const last = (points: [number, number][]) => points.at(-1)?.[1];
  return (
    <figure className="run-chart">
      <svg width={w} height={h} role="img" aria-label="Loss and PSNR over the run's steps">
        <rect x={0} y={0} width={w} height={h} fill="#fff" stroke="#d9dee7" />
        <polyline points={line(loss, w, h)} fill="none" stroke="#d2452c" strokeWidth={1.5} />
        <polyline points={line(psnr, w, h)} fill="none" stroke="#1e6edc" strokeWidth={2} />
      </svg>
      <figcaption>
        <span style={{ color: "#d2452c" }}>loss {last(loss)?.toFixed(5) ?? "—"}</span> ·{" "}
        <span style={{ color: "#1e6edc" }}>PSNR {last(psnr)?.toFixed(2) ?? "—"} dB</span> (each on its own scale)
      </figcaption>
    </figure>
  );
}
