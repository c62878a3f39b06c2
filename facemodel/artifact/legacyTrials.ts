/**
 * Training trials that were measured and not kept (docs/model.md, "Tried and not kept"), their code since
 * removed: the adversarial term, sample matching and code truncation. Settings recorded before then (the
 * shipped model's manifest, an older checkpoint) still hold their fields. With the trial off they are read
 * and dropped: such a run trained as this version trains. With it on they are refused: this version can
 * neither resume such a run nor say how its model was trained.
 */
import type { z } from "zod";

interface LegacyTrial {
  /** the setting that switched it on (any value but 0) */
  field: string;
  flag: string;
  name: string;
  /** its other settings, which meant nothing with it off */
  companions: string[];
}

const LEGACY_TRIALS: readonly LegacyTrial[] = [
  {
    field: "adversarial",
    flag: "--adversarial",
    name: "the adversarial term",
    companions: ["adversarialRows", "adversarialNorm"],
  },
  { field: "matchSamples", flag: "--match-samples", name: "sample matching", companions: ["matchEvery"] },
  { field: "truncateCodes", flag: "--truncate-codes", name: "code truncation", companions: [] },
];

/** Why recorded settings cannot be read, in words: a removed trial they had on; undefined when none. */
export function legacyTrialInUse(settings: Record<string, unknown>): string | undefined {
  const used = LEGACY_TRIALS.find((t) => settings[t.field] !== undefined && settings[t.field] !== 0);
  return (
    used &&
    `this run used ${used.name} (${used.flag} ${JSON.stringify(settings[used.field])}), which this version no longer trains`
  );
}

/** Recorded settings without the removed trials' fields; an issue (the settings refused) when one was on. */
export function withoutLegacyTrials(raw: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const settings: Record<string, unknown> = { ...raw };
  const refused = legacyTrialInUse(settings);
  if (refused) ctx.addIssue({ code: "custom", message: refused, input: raw });
  for (const t of LEGACY_TRIALS) for (const field of [t.field, ...t.companions]) delete settings[field];
  return settings;
}
