/**
 * What the admin area's background jobs are told and tell back: the live server starts a job process
 * (training/jobWorker.ts) with one JobSpec and reads its JobMessages over the IPC channel.
 */
import type { RunProgress } from "../lib/runProgress";
import type { TrainSettingsInput } from "./artifact/trainSettings";

export type JobSpec =
  | { kind: "dataset"; out: string; count: number; seed: number }
  /** an uploaded folder or zip, checked by importing it; `label` names it in messages (never its path) */
  | { kind: "import"; path: string; label: string }
  /** a portrait's sliders in a model (its decoder frozen): "start from a photo" */
  | { kind: "fit"; modelDir: string; photo: string; steps: number }
  /** a face of one model version in another: its image in the first, fitted with the second's decoder */
  | { kind: "reproject"; fromModelDir: string; toModelDir: string; sliders: number[]; steps: number }
  /** a model version's HTML report, from its folder (and its training portraits, when the folder has them) */
  | { kind: "report"; modelDir: string; out: string; data?: string }
  | {
      kind: "train";
      data: string;
      out: string;
      workDir: string;
      settings: TrainSettingsInput;
      resume: boolean;
      maxSeconds?: number;
      maxSteps?: number;
      initFrom?: string;
      evalEverySeconds: number;
      /** the finished model's report goes there */
      report: string;
      /** the reconstruction samples (samples.jpg) go there at each evaluation */
      samples: string;
    };

export type JobMessage =
  | ({ type: "progress" } & RunProgress)
  | { type: "log"; line: string; level: "info" | "warn" }
  /** new reconstruction samples were written */
  | { type: "samples" }
  | {
      type: "done";
      count?: number;
      hash?: string;
      version?: string;
      /** an import's files it did not take, with why */
      skipped?: { name: string; reason: string }[];
      /** a fit's */
      sliders?: number[];
      psnr?: number;
      startPsnr?: number;
    };
