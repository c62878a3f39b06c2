/** Repeats an async action for about `seconds` (after a warm-up) and reports the median time per call. */
export async function medianMs(action: () => Promise<unknown>, seconds = 2, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await action();
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || times.length < 3) {
    const t0 = performance.now();
    await action();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
