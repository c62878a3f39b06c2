/** The first line of an error's message: how a benchmark reports a backend that could not start. */
export const errorLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
