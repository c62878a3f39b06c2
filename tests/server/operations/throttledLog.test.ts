import { afterEach, describe, expect, it, vi } from "vitest";
import { throttledLog } from "../../../server/operations/throttledLog";

afterEach(() => {
  vi.useRealTimers();
});

describe("throttled log", () => {
  it("writes at most `max` lines a window, then says how many more there were", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const log = throttledLog((l) => lines.push(l), "dropped clients", 3, 1000);
    for (let i = 0; i < 100; i++) log(`drop ${i}`);
    expect(lines).toEqual(["drop 0", "drop 1", "drop 2"]);
    vi.advanceTimersByTime(1000);
    log("drop 100");
    expect(lines.slice(3)).toEqual(["97 more dropped clients in the last 1 s (not logged)", "drop 100"]);
  });
});
