/** A terminal progress bar for the command-line tools (quiet when output is not a terminal). */
import cliProgress from "cli-progress";

/**
 * `eta`: 'bar' (from the bar's own rate) or 'payload' (a `{remaining}` the caller passes, e.g. to a time budget's end;
 * not `{eta}`, which the bar's own value overrides)
 */
export function progressBar(label: string, extra = "", eta: "bar" | "payload" = "bar") {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA ${eta === "bar" ? "{eta_formatted}" : "{remaining}"}${extra}`,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return bar;
}
