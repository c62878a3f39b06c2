/**
 * A run's training time: the seconds its checkpoint had trained plus this session's, less the time spent
 * evaluating and checkpointing, so that the PSNR curve and the time budget count steps only.
 */

export interface TrainingClock {
  /** the seconds trained in all, this session's steps included */
  elapsed(): number;
  /** Runs `work` off the clock: its time is not training time. */
  offClock<T>(work: () => Promise<T>): Promise<T>;
}

/** A clock that starts now at `baseSeconds` trained. */
export function trainingClock(baseSeconds: number): TrainingClock {
  const sessionStart = performance.now();
  let offClockMs = 0;
  return {
    elapsed: () => baseSeconds + (performance.now() - sessionStart - offClockMs) / 1000,
    offClock: async (work) => {
      const start = performance.now();
      try {
        return await work();
      } finally {
        offClockMs += performance.now() - start;
      }
    },
  };
}
