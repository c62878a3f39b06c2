import { afterEach, describe, expect, it, vi } from "vitest";
import { adminCall } from "../../../../app/components/admin/adminCall";
import { CSRF_HEADER } from "../../../../lib/api/adminApi";

/** Answers every request with `status` and `body`, and keeps what was sent. */
function answer(status: number, body: unknown) {
  const fetch = vi.fn(async (_path: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a request of the admin area", () => {
  it("sends JSON with the session's CSRF token and reads the answer", async () => {
    const fetch = answer(200, { active: "v2" });
    const ended = vi.fn();
    await expect(adminCall("/api/admin/models/v2/activate", { method: "POST" }, "token", ended)).resolves.toEqual({
      active: "v2",
    });
    expect(fetch.mock.calls[0]?.[1]?.headers).toEqual({ "content-type": "application/json", [CSRF_HEADER]: "token" });
    expect(ended).not.toHaveBeenCalled();
  });

  it("leaves a file upload its own content type, and sends no token before a login", async () => {
    const fetch = answer(200, {});
    await adminCall("/api/admin/datasets/upload", { method: "POST", body: new FormData() }, undefined, vi.fn());
    expect(fetch.mock.calls[0]?.[1]?.headers).toEqual({});
  });

  it("throws the API's message for a refusal", async () => {
    answer(400, { error: "no such dataset" });
    const ended = vi.fn();
    await expect(adminCall("/api/admin/runs", undefined, "token", ended)).rejects.toThrow("no such dataset");
    expect(ended).not.toHaveBeenCalled();
  });

  it("tells the page its session ended when the server answers 401", async () => {
    answer(401, { error: "the session ended" });
    const ended = vi.fn();
    await expect(adminCall("/api/admin/models", undefined, "token", ended)).rejects.toThrow("the session ended");
    expect(ended).toHaveBeenCalledWith("the session ended");
  });
});
