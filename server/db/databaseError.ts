/**
 * One line that says what a database error was. A Prisma error's message starts with an empty line
 * and the call site; the driver's own words (SQLITE_FULL: …, a PostgreSQL error) come last or in its
 * cause.
 */
export function databaseErrorLine(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } } | null;
  const lines = [e?.message ?? "", e?.cause?.message ?? ""]
    .join("\n")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const driver = lines.findLast((line) => /SQLITE_|database|disk|denied|ECONN|timeout|relation|constraint/i.test(line));
  return (driver ?? lines.at(-1) ?? String(error)).slice(0, 300);
}
