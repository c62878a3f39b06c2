/**
 * Runs an admin action: the last error goes away, then what the page shows is asked for again, or the
 * action's (or the refresh's) failure is shown instead.
 */
export function runAction(
  work: () => Promise<unknown>,
  refresh: () => Promise<unknown>,
  setError: (message: string | null) => void,
): void {
  setError(null);
  work()
    .then(() => refresh())
    .catch((e: unknown) => setError((e as Error).message));
}
