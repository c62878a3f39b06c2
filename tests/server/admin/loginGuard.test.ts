import { describe, expect, it } from "vitest";
import { LoginGuard } from "../../../server/admin/loginGuard";

describe("login guard", () => {
  it("backs the account off twice as long after each wrong password past five, for unknown browsers only", () => {
    let now = 0;
    const guard = new LoginGuard(() => now);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      // a different address each time: the per-address limit never applies
      const verdict = guard.check(`10.0.0.${i}`, null);
      if (!verdict.ok) {
        waits.push(verdict.retryAfterS);
        now += verdict.retryAfterS * 1000;
        expect(guard.check(`10.0.0.${i}`, null).ok).toBe(true);
      }
      guard.failed(null);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    expect(guard.check("10.0.1.1", "known browser").ok).toBe(true);
    // a right password from a known browser leaves the backoff on; from an unknown one it ends it
    guard.succeeded("known browser");
    expect(guard.check("10.0.1.2", null).ok).toBe(false);
    guard.succeeded(null);
    expect(guard.check("10.0.1.3", null).ok).toBe(true);
  });

  it("caps the backoff at five minutes", () => {
    let now = 0;
    const guard = new LoginGuard(() => now);
    for (let i = 0; i < 30; i++) guard.failed(null);
    const verdict = guard.check("10.0.0.1", null);
    expect(verdict).toMatchObject({ ok: false, retryAfterS: 300 });
    now += 300_000;
    expect(guard.check("10.0.0.1", null).ok).toBe(true);
  });
});
