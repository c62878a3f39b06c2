/**
 * Audits repeated refusals (a flood of limited logins, a page still polling with an ended session)
 * without a row per request: the first of each key in a window is written at once, the rest are
 * counted and written as one row when the window ends. Every attempt is accounted for.
 */
type Write = (action: string, detail: string, address: string) => Promise<void>;

interface Burst {
  action: string;
  detail: string;
  address: string;
  more: number;
}

export class AuditBursts {
  private readonly open = new Map<string, Burst>();

  constructor(
    private readonly write: Write,
    private readonly windowMs = 60_000,
  ) {}

  record(key: string, action: string, detail: string, address: string): Promise<void> {
    const burst = this.open.get(key);
    if (burst) {
      burst.more += 1;
      return Promise.resolve();
    }
    this.open.set(key, { action, detail, address, more: 0 });
    setTimeout(() => this.flush(key), this.windowMs).unref();
    return this.write(action, detail, address);
  }

  private flush(key: string): void {
    const burst = this.open.get(key);
    this.open.delete(key);
    if (burst && burst.more > 0)
      this.write(
        burst.action,
        `${burst.detail} (${burst.more} more in the ${this.windowMs / 1000} s after)`,
        burst.address,
      ).catch(() => {});
  }
}
