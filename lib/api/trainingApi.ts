/**
 * The admin area's training API (server/http/datasetRoutes.ts, runRoutes.ts, reportRoutes.ts): what the
 * admin page sends, checked by the server with these schemas, and the answers it reads back. Dates
 * travel as ISO strings.
 */
import { z } from "zod";
import type { RunProgress } from "../runProgress";

/** the training presets (facemodel/artifact/trainPresets.ts holds what each means) */
export const PRESET_NAMES = ["quick", "standard"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export type RunKind = "dataset" | "train" | "report";
export type RunStatus = "queued" | "running" | "finished" | "failed" | "cancelled" | "interrupted";

/** POST /api/admin/datasets/synthetic */
export const syntheticRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    count: z.number().int().min(16).max(5000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
  })
  .strict();
export type SyntheticRequest = z.infer<typeof syntheticRequestSchema>;

/** POST /api/admin/runs: a training run on a dataset, from a preset, the active model, or explicit settings */
export const trainRequestSchema = z
  .object({
    datasetId: z.string().min(1).max(40),
    preset: z.enum([...PRESET_NAMES, "continue", "explicit"]),
    /** explicit settings (preset "explicit"): what differs from the defaults */
    epochs: z.number().int().min(1).max(10_000).optional(),
    /** explicit, or how long "continue" trains (120 min unless told) */
    minutes: z
      .number()
      .min(0.1)
      .max(24 * 60)
      .optional(),
    steps: z.number().int().min(1).max(10_000_000).optional(),
    widths: z.array(z.number().int().min(1).max(512)).min(2).max(5).optional(),
    batch: z.number().int().min(1).max(256).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
  })
  .strict();
export type TrainRequest = z.infer<typeof trainRequestSchema>;

/** a dataset as GET /api/admin/datasets lists it; the server's folder for it is left out */
export interface DatasetView {
  id: string;
  name: string;
  count: number;
  hash: string;
  /** "upload", or the synthetic set's generator and seed */
  source: string;
  createdAt: string;
}

/** A run's settings by kind, without the server's folders (an upload's, a warm start's, a report's model). */
export type RunSettingsView =
  | { kind: "synthetic"; name: string; count: number; seed: number }
  | { kind: "upload"; name: string; label: string }
  | {
      kind: "train";
      preset?: PresetName;
      /** the trainer's settings as given: what differs from its defaults */
      settings: Record<string, unknown>;
      maxSeconds?: number;
      maxSteps?: number;
      /** the run whose checkpoint it goes on from */
      resumes?: string;
    }
  | { kind: "report"; report: { version: string } };

/** a point of a training run's loss and PSNR chart (PSNR at evaluations only) */
export interface RunHistoryPoint {
  step?: number;
  loss?: number;
  psnr?: number;
  /** ms since the epoch */
  at?: number;
}

export interface RunView {
  id: string;
  kind: RunKind;
  status: RunStatus;
  datasetId: string | null;
  /** null when the server cannot read them (the run fails saying why) */
  settings: RunSettingsView | null;
  /** empty until the job reports */
  progress: Partial<RunProgress>;
  history: RunHistoryPoint[];
  logTail: string;
  error: string | null;
  modelVersion: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** it stopped after a checkpoint: it can go on from there */
  resumable: boolean;
}

/** a file an upload or an import did not take, with why */
export interface RejectedFile {
  name: string;
  reason: string;
}

/** POST /api/admin/datasets/upload: the import's run, and the files refused on the way in */
export type UploadResponse = RunView & { rejected: RejectedFile[] };

/** an upload that held no zip or image (400) */
export interface UploadRefusedResponse {
  error: string;
  rejected: RejectedFile[];
}

/** a preset as the page offers it */
export interface PresetView {
  name: PresetName;
  steps: number;
  widths: readonly number[];
  /** about how long it took on the 2-core machine */
  minutesHere: number;
  /** what it gives */
  expect: string;
  /** how long its last finished run took on this machine */
  lastRun: { id: string; minutes: number } | null;
}

export interface CancelledResponse {
  cancelled: string;
}
