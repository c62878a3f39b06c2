/**
 * SQLite refuses a statement with SQLITE_BUSY while another process holds its lock (this process's own
 * statements share one connection, sqliteThread.ts, and never contend). A whole operation, or a whole
 * transaction, is run again after a short random pause, for up to about a second; then the error stands.
 */
const isBusy = (error: unknown): boolean => {
  const e = error as { message?: string; cause?: { message?: string }; meta?: unknown } | null;
  return /SQLITE_BUSY|database is locked/i.test(`${e?.message} ${e?.cause?.message} ${JSON.stringify(e?.meta ?? "")}`);
};

export async function retryBusy<T>(operation: () => Promise<T>, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isBusy(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
  }
}
