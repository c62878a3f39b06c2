/** A sheet of faces for a benchmark's figures: one row a session, a labelled column a moment of it. */
import sharp from "sharp";
import { escapeHtml } from "../../lib/escapeHtml";

const HEADER = 24;
const GAP = 4;

/** `rows`: each a label and one RGB image (width × height × 3 bytes) per column; `columns` may be []. Answers a PNG. */
export async function faceSheet(
  rows: { label: string; images: Uint8Array[] }[],
  columns: string[],
  width: number,
  height: number,
): Promise<Buffer> {
  const count = Math.max(columns.length, ...rows.map((r) => r.images.length));
  const sheetWidth = count * (width + GAP) + GAP;
  const rowHeight = height + HEADER;
  const sheetHeight = HEADER + rows.length * rowHeight + GAP;
  const text = (x: number, y: number, s: string, size: number) =>
    `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" fill="#1d2330">${escapeHtml(s)}</text>`;
  const labels = [
    ...columns.map((c, i) => text(GAP + i * (width + GAP) + 4, 17, c, 14)),
    ...rows.map((r, j) => text(GAP + 4, HEADER + j * rowHeight + 16, r.label, 12)),
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sheetWidth}" height="${sheetHeight}">${labels.join("")}</svg>`;
  const tiles = rows.flatMap((r, j) =>
    r.images.map((image, i) => ({
      input: Buffer.from(image),
      raw: { width, height, channels: 3 as const },
      left: GAP + i * (width + GAP),
      top: HEADER + j * rowHeight + 20,
    })),
  );
  return sharp({ create: { width: sheetWidth, height: sheetHeight + 20, channels: 3, background: "#ffffff" } })
    .composite([...tiles, { input: Buffer.from(svg), left: 0, top: 0 }])
    .png()
    .toBuffer();
}
