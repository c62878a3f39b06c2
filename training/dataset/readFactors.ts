/** The synthetic yearbook's ground-truth factors (labels.json beside its portraits), for reports and component names. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PortraitSet } from "./importPortraits";
import { LABELS_FILE, type SynthLabels } from "./synthYearbook";

/** The factors per portrait, in the set's order, when every portrait has them. */
export async function readFactors(
  data: string,
  set: Pick<PortraitSet, "names">,
): Promise<Record<string, number>[] | undefined> {
  const labelsPath = join(data, LABELS_FILE);
  if (!existsSync(labelsPath)) return undefined;
  const labels = JSON.parse(await readFile(labelsPath, "utf8")) as SynthLabels;
  const byFile = new Map(labels.images.map((i) => [i.file, i.factors as unknown as Record<string, number>]));
  const rows = set.names.map((n) => byFile.get(n));
  return rows.every((r) => r !== undefined) ? (rows as Record<string, number>[]) : undefined;
}
