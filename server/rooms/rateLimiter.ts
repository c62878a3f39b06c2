/** A token bucket: `rate` events per second on average, bursts up to `burst`. */
export class RateLimiter {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** One token bucket per client address; buckets of idle clients are forgotten. */
export class PerClientLimiter {
  private readonly buckets = new Map<string, { limiter: RateLimiter; seen: number }>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  take(client: string): boolean {
    const now = Date.now();
    if (this.buckets.size > 10_000) {
      for (const [key, b] of this.buckets) if (now - b.seen > 600_000) this.buckets.delete(key);
    }
    let bucket = this.buckets.get(client);
    if (!bucket) {
      bucket = { limiter: new RateLimiter(this.rate, this.burst), seen: now };
      this.buckets.set(client, bucket);
    }
    bucket.seen = now;
    return bucket.limiter.take();
  }
}
