import { describe, expect, it, vi } from "vitest";
import { runAction } from "../../../../app/components/admin/runAction";

const settled = () => new Promise((done) => setTimeout(done, 0));

describe("an admin action", () => {
  it("clears the last error, then refreshes what the page shows", async () => {
    const setError = vi.fn();
    const refresh = vi.fn(async () => {});
    runAction(async () => "done", refresh, setError);
    expect(setError).toHaveBeenCalledWith(null);
    await settled();
    expect(refresh).toHaveBeenCalledOnce();
    expect(setError).toHaveBeenCalledOnce();
  });

  it("shows why the action failed, and refreshes nothing", async () => {
    const setError = vi.fn();
    const refresh = vi.fn(async () => {});
    runAction(() => Promise.reject(new Error("refused")), refresh, setError);
    await settled();
    expect(refresh).not.toHaveBeenCalled();
    expect(setError).toHaveBeenLastCalledWith("refused");
  });

  it("shows why the refresh failed", async () => {
    const setError = vi.fn();
    runAction(
      async () => {},
      () => Promise.reject(new Error("gone")),
      setError,
    );
    await settled();
    expect(setError).toHaveBeenLastCalledWith("gone");
  });
});
