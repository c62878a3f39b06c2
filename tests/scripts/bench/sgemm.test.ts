import { describe, expect, it } from "vitest";
import { sgemmReference } from "../../../scripts/bench/sgemm";

describe("the SGEMM reference of bench:decode", () => {
  it("measures one session and side-by-side sessions at each size, and is never lower on more threads", async () => {
    const { rows, reference } = await sgemmReference(2, 0.3, [128, 256]);
    expect(rows.map((r) => `${r.n} ${r.threads} ${r.how}`)).toEqual([
      "128 1 one session",
      "256 1 one session",
      "128 2 one session",
      "128 2 side by side",
      "256 2 one session",
      "256 2 side by side",
    ]);
    for (const r of rows) expect(r.gflops).toBeGreaterThan(0);
    expect(reference[1]).toBe(Math.max(...rows.filter((r) => r.threads === 1).map((r) => r.gflops)));
    expect(reference[2]).toBe(Math.max(...rows.map((r) => r.gflops)));
  });
});
