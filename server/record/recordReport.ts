/**
 * The session record as a printable page: the final composite large, the snapshots, every face shown to
 * the witness (round by round, the pick marked), the timeline of who did what, the model version and the
 * chain's final hash. Faces are rendered with the room's model, from the slider values the record holds.
 */

import { escapeHtml as esc } from "../../lib/escapeHtml";
import type { Renderer } from "../render/ModelRegistry";
import type { RecordEntry, RecordExport } from "./recordChain";

export interface ReportRoom {
  name: string;
  sliders: Float64Array;
  renderer: Renderer;
  snapshots: { name: string; createdAt: string; sliders: number[] }[];
}

const fixed = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : "?");

/** One line of the timeline, in words. */
export function describeEntry(e: RecordEntry): string {
  const d = e.data as Record<string, unknown>;
  switch (e.kind) {
    case "session:start":
      return `Witness session started (model ${esc(String(d.modelVersion))})`;
    case "change": {
      const moved = (d.moved as { slider: number; before: number; after: number }[]) ?? [];
      return moved
        .slice(0, 6)
        .map((m) => `slider ${m.slider + 1}: ${fixed(m.before)} → ${fixed(m.after)}`)
        .concat(moved.length > 6 ? [`and ${moved.length - 6} more`] : [])
        .join("; ");
    }
    case "settings": {
      const locks = (d.locks as number[]) ?? [];
      const names = Object.entries((d.names as Record<string, string>) ?? {}).map(
        ([k, name]) => `${Number(k) + 1} “${esc(name)}”`,
      );
      return `Settings: locked ${locks.length ? locks.map((k) => k + 1).join(", ") : "none"}; names ${names.join(", ") || "none"}; array ${d.array ? "on" : "off"}; blur ${esc(String(d.blur))}; witness sees ${((d.witnessSliders as number[]) ?? []).length} sliders`;
    }
    case "array:shown":
      return `Face array round ${d.round} shown (9 faces, ${stepsOf(d)})`;
    case "array:pick":
      return `Round ${d.round}: ${pickWords(picksOf(d))}`;
    case "snapshot":
      return d.action === "saved"
        ? `Snapshot saved: “${esc(String(d.name))}”`
        : `Snapshot ${esc(String(d.id))} deleted`;
    case "link:create":
      return `${esc(String(d.role))} link ${esc(String(d.link))} created`;
    case "link:revoke":
      return `${esc(String(d.role))} link ${esc(String(d.link))} ${d.rotated ? "replaced" : "revoked"}`;
    case "model":
      return `Model changed to ${esc(String(d.version))}`;
  }
}

/** The faces a pick entry ticked, the first most like the person (records before multi-pick hold one index). */
function picksOf(d: Record<string, unknown>): number[] {
  if (Array.isArray(d.picks)) return d.picks.map(Number);
  return typeof d.index === "number" ? [d.index] : [];
}

/** A pick in words: the faces ticked in order, or none of these. */
const pickWords = (picks: number[]) =>
  picks.length === 0 ? "none of these" : `picked ${picks.map((p) => `face ${p + 1}`).join(", then ")}`;

/** How far a round's faces stepped: on its two components, or (records before the search) one spread. */
function stepsOf(d: Record<string, unknown>): string {
  const { components, steps } = d;
  if (Array.isArray(components) && Array.isArray(steps) && steps.length === components.length)
    return components.map((k, i) => `slider ${Number(k) + 1} ± ${fixed(steps[i])} σ`).join(", ");
  return `spread ${fixed(d.spread)} σ`;
}

export async function recordReport(record: RecordExport, room: ReportRoom): Promise<string> {
  const jpeg = async (sliders: ArrayLike<number>) =>
    `data:image/jpeg;base64,${(await room.renderer.scheduler.encoded(Float64Array.from(sliders))).jpeg.toString("base64")}`;
  const rounds = record.entries.filter((e) => e.kind === "array:shown");
  const picks = new Map(
    record.entries
      .filter((e) => e.kind === "array:pick")
      .map((e) => [(e.data as { round: number }).round, picksOf(e.data as Record<string, unknown>)]),
  );
  // every face is queued before the scheduler runs: they decode in batches
  const [final, snapshots, shown] = await Promise.all([
    jpeg(room.sliders),
    Promise.all(room.snapshots.map((s) => jpeg(s.sliders))),
    Promise.all(rounds.map((r) => Promise.all(((r.data as { faces: number[][] }).faces ?? []).map(jpeg)))),
  ]);
  return reportPage(record, room, {
    final,
    facesShown: shown.reduce((n, faces) => n + faces.length, 0),
    rounds: rounds.length,
    roundsHtml: rounds.map((r, i) => roundHtml(r, shown[i] ?? [], picks)).join(""),
    snapshotsHtml: snapshotsHtml(room.snapshots, snapshots),
  });
}

/** The report's rendered parts: the final composite, the rounds of faces shown, the snapshots. */
interface ReportParts {
  /** the final composite as an image address */
  final: string;
  /** how many faces the witness was shown, in how many rounds */
  facesShown: number;
  rounds: number;
  roundsHtml: string;
  snapshotsHtml: string;
}

/** The model versions the session used, in the order it first used them. */
function modelVersions(entries: RecordEntry[]): string[] {
  return [
    ...new Set(
      entries.flatMap((e) =>
        e.kind === "session:start"
          ? [String((e.data as { modelVersion: string }).modelVersion)]
          : e.kind === "model"
            ? [String((e.data as { version: string }).version)]
            : [],
      ),
    ),
  ];
}

/** One round of the face array: its faces, the picked ones marked (numbered when several were picked). */
function roundHtml(round: RecordEntry, faces: string[], picks: Map<number, number[]>): string {
  const d = round.data as Record<string, unknown>;
  const picked = picks.get(Number(d.round));
  const figures = faces
    .map((src, k) => {
      const rank = picked?.indexOf(k) ?? -1;
      const mark = rank < 0 ? "" : ` ✓${(picked?.length ?? 0) > 1 ? rank + 1 : ""}`;
      return `<figure class="${rank >= 0 ? "picked" : ""}"><img src="${src}" alt="round ${d.round} face ${k + 1}"><figcaption>${k + 1}${mark}</figcaption></figure>`;
    })
    .join("");
  const outcome = picked === undefined ? "no pick" : pickWords(picked);
  return `<div class="round"><h3>Round ${d.round} · ${new Date(round.at).toLocaleString("en-GB")} · ${stepsOf(d)} · ${outcome}</h3><div class="faces">${figures}</div></div>`;
}

/** The timeline's rows: each entry's number, time, who and what. */
function timelineHtml(entries: RecordEntry[]): string {
  return entries
    .map(
      (e) =>
        `<tr><td>${e.seq}</td><td>${esc(new Date(e.at).toLocaleString("en-GB"))}</td><td>${esc(e.role)} <code>${esc(e.actor)}</code></td><td>${describeEntry(e)}</td></tr>`,
    )
    .join("");
}

/** The snapshots, each its image (rendered in the same order), name and time saved. */
function snapshotsHtml(snapshots: ReportRoom["snapshots"], images: string[]): string {
  return snapshots
    .map(
      (s, i) =>
        `<figure><img src="${images[i]}" alt="snapshot ${esc(s.name)}"><figcaption>${esc(s.name)}<br><small>${esc(new Date(s.createdAt).toLocaleString("en-GB"))}</small></figcaption></figure>`,
    )
    .join("");
}

/** The printable page: a summary table, then the final composite, snapshots, rounds and timeline. */
function reportPage(record: RecordExport, room: ReportRoom, parts: ReportParts): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Session record — ${esc(room.name || record.roomId)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #1d2330; max-width: 1100px; }
img { image-rendering: pixelated; display: block; }
.final img { width: 288px; height: 384px; border: 1px solid #ccc; }
.faces, .snapshots { display: flex; flex-wrap: wrap; gap: 6px; }
figure { margin: 0; text-align: center; font-size: 12px; max-width: 120px; } figure img { width: 72px; height: 96px; margin: 0 auto; }
figure.picked img { outline: 3px solid #2459d6; }
.round h3 { font-size: 14px; margin: 14px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; } td, th { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
code { font-size: 11px; word-break: break-all; }
@media print { .round { break-inside: avoid; } body { margin: 0; } }
</style></head><body>
<h1>Session record — ${esc(room.name || "untitled room")}</h1>
<table class="summary">
<tr><th>Room</th><td><code>${esc(record.roomId)}</code></td></tr>
<tr><th>Exported</th><td>${esc(new Date(record.exportedAt).toLocaleString("en-GB"))}</td></tr>
<tr><th>Model version</th><td>${modelVersions(record.entries).map(esc).join(", ") || esc(room.renderer.version)}</td></tr>
<tr><th>Faces shown to the witness</th><td>${parts.facesShown} in ${parts.rounds} rounds</td></tr>
<tr><th>Entries</th><td>${record.entries.length}, each hash-chained to the one before</td></tr>
<tr><th>Final hash</th><td><code>${esc(record.finalHash)}</code> (check the JSON export with <code>npm run record:verify -- file.json</code>)</td></tr>
</table>
<h2>Final composite</h2><div class="final"><img src="${parts.final}" alt="the final composite"></div>
<h2>Snapshots</h2><div class="snapshots">${parts.snapshotsHtml || "<p>None saved.</p>"}</div>
<h2>Every face shown to the witness</h2>${parts.roundsHtml || "<p>The face array was not used.</p>"}
<h2>Timeline</h2><table><tr><th>#</th><th>When</th><th>Who</th><th>What</th></tr>${timelineHtml(record.entries)}</table>
</body></html>`;
}
