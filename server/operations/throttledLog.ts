/**
 * A log for events that clients can cause at will (dropped connections, refused messages): at most `max`
 * lines a window, then one line saying how many more there were, so a flood cannot fill the log.
 */
import type { Log } from "./logger";

export function throttledLog(log: Log, what: string, max = 20, windowMs = 60_000): Log {
  let windowStart = 0;
  let written = 0;
  let suppressed = 0;
  return (line, level, fields) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      if (suppressed > 0) log(`${suppressed} more ${what} in the last ${Math.round(windowMs / 1000)} s (not logged)`);
      windowStart = now;
      written = 0;
      suppressed = 0;
    }
    if (written < max) {
      written++;
      log(line, level, fields);
    } else suppressed++;
  };
}
