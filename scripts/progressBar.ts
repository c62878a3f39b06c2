/** A terminal progress bar for the command-line tools (quiet when output is not a terminal). */
import cliProgress from "cli-progress";

export function progressBar(label: string, extra = "") {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}${extra}`,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return bar;
}
