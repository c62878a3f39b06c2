/**
 * Who may try the admin password now. A browser an admin logged in from before (its device cookie)
 * has a limit of its own; every other try counts against its address (5 a minute) and against the
 * account: after 5 wrong passwords in a row from unknown browsers, each further try waits twice as long
 * as the last (1 s, 2 s, … up to 5 minutes), whatever the address. So a guesser spread over many
 * addresses is slowed, and one sharing the admin's address locks out only unknown browsers.
 */
import { PerClientLimiter } from "../rooms/rateLimiter";

const FREE_FAILURES = 5;
const MAX_BACKOFF_MS = 5 * 60_000;

export type LoginVerdict = { ok: true } | { ok: false; why: string; retryAfterS: number };

export class LoginGuard {
  private readonly addresses = new PerClientLimiter(5 / 60, 5);
  private readonly devices = new PerClientLimiter(5 / 60, 5);
  private failures = 0;
  private lockedUntil = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one try for this client; `device` is the id of a known device cookie, if it sent one. */
  check(address: string, device: string | null): LoginVerdict {
    if (device !== null)
      return this.devices.take(device)
        ? { ok: true }
        : { ok: false, why: "too many login attempts from this browser; wait a minute", retryAfterS: 60 };
    const wait = this.lockedUntil - this.now();
    if (wait > 0)
      return {
        ok: false,
        why: `${this.failures} wrong passwords in a row: logins from browsers not used here before wait ${Math.ceil(wait / 1000)} s`,
        retryAfterS: Math.ceil(wait / 1000),
      };
    return this.addresses.take(address)
      ? { ok: true }
      : { ok: false, why: "too many login attempts from your address; wait a minute", retryAfterS: 60 };
  }

  failed(device: string | null): void {
    if (device !== null) return;
    this.failures += 1;
    if (this.failures >= FREE_FAILURES)
      this.lockedUntil = this.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - FREE_FAILURES));
  }

  /** A right password from an unknown browser ends the account's backoff (a known one leaves it on). */
  succeeded(device: string | null): void {
    if (device !== null) return;
    this.failures = 0;
    this.lockedUntil = 0;
  }
}
