import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");

/** What a process that logs three lines with `env` writes to stdout and stderr. */
function logged(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const script = `import { createLog } from "./server/operations/logger.ts";
const log = createLog(process.env, false);
log("serving at http://localhost:1");
log("request failed: boom", "error", { requestId: "r-1", path: "/api/x" });
log("detail", "debug");`;
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: root, env: { ...process.env, ...env } },
      (error, stdout, stderr) => (error ? fail(error) : done({ stdout, stderr })),
    ),
  );
}

describe("server log", () => {
  it("writes one JSON object a line with time, level, message and a request's id", async () => {
    const { stdout } = await logged({ LIKENESS_LOG_FORMAT: "json" });
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: "info", msg: "serving at http://localhost:1", service: "likeness" });
    expect(Date.parse(lines[0]?.time as string)).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ level: "error", msg: "request failed: boom", requestId: "r-1", path: "/api/x" });
  });

  it("writes debug lines only when asked, and plain lines when told text", async () => {
    const debug = await logged({ LIKENESS_LOG_FORMAT: "json", LIKENESS_LOG_LEVEL: "debug" });
    expect(debug.stdout.trim().split("\n")).toHaveLength(3);
    const text = await logged({ LIKENESS_LOG_FORMAT: "text" });
    expect(text.stdout).toBe("[likeness] serving at http://localhost:1\n");
    expect(text.stderr).toBe('[likeness] request failed: boom {"requestId":"r-1","path":"/api/x"}\n');
  });
});
