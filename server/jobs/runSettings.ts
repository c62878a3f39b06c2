/**
 * What a background run was asked to do, by kind: make a synthetic set, import an upload, train, or
 * write a model version's report. A run's row keeps them as JSON in its settings column; every read
 * parses that column, so one that does not read as its run's kind is a reason the run cannot go on,
 * never a crash.
 */
import { z } from "zod";
import { type TrainSettingsInput, trainSettingsSchema } from "../../facemodel/artifact/trainSettings";
import { PRESET_NAMES, type RunKind } from "../../lib/api/trainingApi";
import type { RunRow } from "../db/RunStore";

const syntheticSettings = z.object({
  kind: z.literal("synthetic"),
  name: z.string(),
  count: z.number().int().positive(),
  seed: z.number().int(),
});

const uploadSettings = z.object({
  kind: z.literal("upload"),
  name: z.string(),
  /** the uploaded zip, or the folder of uploaded images */
  path: z.string(),
  /** how messages name the upload (the server's folders are never shown) */
  label: z.string(),
});

/** The trainer's settings, checked by its own schema and kept as given: the job applies the defaults. */
const trainerSettings = z.custom<TrainSettingsInput>(
  (value) => trainSettingsSchema.safeParse(value).success,
  "not settings the trainer takes",
);

const trainSettings = z.object({
  kind: z.literal("train"),
  /** the preset it was started from, when it was */
  preset: z.enum(PRESET_NAMES).optional(),
  settings: trainerSettings,
  /** a warm start: the folder of the model it continues */
  initFrom: z.string().optional(),
  maxSeconds: z.number().optional(),
  maxSteps: z.number().optional(),
  /** a resumed run: the run whose folder (and checkpoint) it goes on in */
  resumes: z.string().optional(),
});

const reportSettings = z.object({
  kind: z.literal("report"),
  report: z.object({ version: z.string(), modelDir: z.string() }),
});

const runSettingsSchema = z.discriminatedUnion("kind", [
  syntheticSettings,
  uploadSettings,
  trainSettings,
  reportSettings,
]);
export type RunSettings = z.infer<typeof runSettingsSchema>;
export type SettingsKind = RunSettings["kind"];
export type RunSettingsOf<K extends SettingsKind> = Extract<RunSettings, { kind: K }>;

/** The row kind of each settings kind: a synthetic set and an upload are both dataset runs. */
const ROW_KIND = {
  synthetic: "dataset",
  upload: "dataset",
  train: "train",
  report: "report",
} as const satisfies Record<SettingsKind, RunKind>;

export const rowKindOf = (settings: RunSettings): RunKind => ROW_KIND[settings.kind];

const isSettingsKind = (kind: unknown): kind is SettingsKind =>
  typeof kind === "string" && Object.hasOwn(ROW_KIND, kind);

/** Settings written before they named their kind: the row's, and a dataset run with a path imports an upload. */
const unnamedKind = (rowKind: RunKind, json: object): SettingsKind =>
  rowKind !== "dataset" ? rowKind : "path" in json ? "upload" : "synthetic";

export type SettingsRead = { ok: true; settings: RunSettings } | { ok: false; why: string };

/** A run's settings, parsed from its row, or why they cannot be read (a sentence about the run). */
export function readRunSettings(run: Pick<RunRow, "kind" | "settings">): SettingsRead {
  let json: unknown;
  try {
    json = JSON.parse(run.settings);
  } catch {
    return { ok: false, why: "its settings are not JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { ok: false, why: "its settings are not a JSON object" };
  const kind = "kind" in json ? json.kind : unnamedKind(run.kind, json);
  if (!isSettingsKind(kind))
    return { ok: false, why: `its settings name an unknown kind of run: ${JSON.stringify(kind)}` };
  if (ROW_KIND[kind] !== run.kind)
    return { ok: false, why: `its settings are a ${kind} run's, not a ${run.kind} run's` };
  const parsed = runSettingsSchema.safeParse({ ...json, kind });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    why: `its ${kind} settings are invalid: ${issue?.path.join(".") || "settings"}: ${issue?.message}`,
  };
}

const isKind = <K extends SettingsKind>(settings: RunSettings, kind: K): settings is RunSettingsOf<K> =>
  settings.kind === kind;

/** A run's settings when they read as `kind`, else null. */
export function settingsOfKind<K extends SettingsKind>(
  run: Pick<RunRow, "kind" | "settings">,
  kind: K,
): RunSettingsOf<K> | null {
  // a row of another kind cannot hold them: no parse needed
  if (ROW_KIND[kind] !== run.kind) return null;
  const read = readRunSettings(run);
  return read.ok && isKind(read.settings, kind) ? read.settings : null;
}
