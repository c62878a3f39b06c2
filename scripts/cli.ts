/**
 * Every npm-run script's command line: `--help` prints its usage and options (exit 0); an unknown or bad
 * option prints one line naming it (exit 2), never a stack trace.
 */
import { parseArgs } from "node:util";

/** A bad command line: reported in one line, exit code 2. */
export class UsageError extends Error {}

export interface CliOption {
  type: "string" | "boolean";
  default?: string | boolean;
  /** what the option does, for --help */
  help: string;
  /** the value's placeholder in --help, e.g. "<dir>" */
  value?: string;
}

export interface CliSpec<O extends Record<string, CliOption>> {
  /** e.g. "npm run dataset:import --" */
  command: string;
  summary: string;
  options: O;
  /** names the positional arguments, when the command takes any */
  positionals?: string;
}

export type CliValues<O extends Record<string, CliOption>> = {
  [K in keyof O]: O[K]["type"] extends "boolean"
    ? boolean
    : O[K] extends { default: string }
      ? string
      : string | undefined;
};

export function usage<O extends Record<string, CliOption>>(spec: CliSpec<O>): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = o.type === "boolean" ? `--${name}` : `--${name} ${o.value ?? "<value>"}`;
    const fallback = o.default === undefined || o.default === false ? "" : ` (default ${o.default})`;
    return [flag, `${o.help}${fallback}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length), 6);
  return [
    `usage: ${spec.command} [options]${spec.positionals ? ` ${spec.positionals}` : ""}`,
    "",
    spec.summary,
    "",
    "options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    `  ${"--help".padEnd(width)}  this text`,
  ].join("\n");
}

let handling = false;
/** Usage errors thrown anywhere in the script, now or later, end it with one line and exit code 2. */
function reportUsageErrors(command: string): void {
  if (handling) return;
  handling = true;
  process.on("uncaughtException", (error) => {
    if (error instanceof UsageError) {
      console.error(`${command.replace(/^npm run /, "").replace(/ --$/, "")}: ${error.message} (see --help)`);
      process.exit(2);
    }
    console.error(error.stack ?? String(error));
    process.exit(1);
  });
}

export function parseCli<O extends Record<string, CliOption>>(
  spec: CliSpec<O>,
  args: string[] = process.argv.slice(2),
): { values: CliValues<O>; positionals: string[] } {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage(spec));
    process.exit(0);
  }
  reportUsageErrors(spec.command);
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      o.default === undefined ? { type: o.type } : { type: o.type, default: o.default },
    ]),
  ) as Record<string, { type: "string" | "boolean"; default?: string | boolean }>;
  try {
    const parsed = parseArgs({ args, options, allowPositionals: spec.positionals !== undefined, strict: true });
    return { values: parsed.values as CliValues<O>, positionals: parsed.positionals };
  } catch (error) {
    // node's messages name the option: "Unknown option '--x'", "Option '--out <value>' argument missing"
    throw new UsageError((error as Error).message.split(". ")[0] as string);
  }
}
