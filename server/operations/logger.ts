/**
 * The server's log: one JSON object a line (pino) with its time, level, message and, for a request,
 * its request id; or, on a terminal, plain lines ("[likeness] …"). LIKENESS_LOG_FORMAT=json|text
 * chooses; LIKENESS_LOG_LEVEL (debug, info, warn, error; default info) sets the least level written.
 * Lines are written synchronously: what is logged before an exit is on disk.
 */
import pino from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";
/** A line, its level (default info) and the fields that go with it (a request id). */
export type Log = (line: string, level?: LogLevel, fields?: Record<string, unknown>) => void;

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export function createLog(env: NodeJS.ProcessEnv = process.env, stdoutIsTty = process.stdout.isTTY): Log {
  const level = (env.LIKENESS_LOG_LEVEL ?? "info") as LogLevel;
  if (!LEVELS.includes(level)) throw new Error(`LIKENESS_LOG_LEVEL must be one of ${LEVELS.join(", ")}`);
  const format = env.LIKENESS_LOG_FORMAT ?? (stdoutIsTty ? "text" : "json");
  if (format !== "json" && format !== "text") throw new Error("LIKENESS_LOG_FORMAT must be json or text");
  if (format === "text") {
    const least = LEVELS.indexOf(level);
    return (line, at = "info", fields) => {
      if (LEVELS.indexOf(at) < least) return;
      const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
      (at === "error" || at === "warn" ? console.error : console.log)(`[likeness] ${line}${extra}`);
    };
  }
  const logger = pino(
    {
      level,
      base: { service: "likeness", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: true }),
  );
  return (line, at = "info", fields = {}) => logger[at](fields, line);
}
