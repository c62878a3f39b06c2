/**
 * npm run bench:faces [-- --inputs 40] [--json]
 * Time from a slider input to its face on screen in Chromium on the real product (`server/main.ts`, the
 * shipped model, SQLite in a temporary folder), one input at a time, p50 and p95, in two rounds of the
 * same page: faces drawn on this device (and the server's settled frame that confirms each), then the
 * page's switch turned off (the server's frame of every state, as before local drawing); and the
 * decoder's time per face here. "On screen": the animation frame after the face was put on the canvas,
 * or after the server's JPEG was shown.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { percentile } from "./bench/serverProcess";
import { parseCli } from "./cli";
import { numberOption, wholeFrom } from "./cliOptions";
import { freePort } from "./services/freePort";

const { values } = parseCli({
  command: "npm run bench:faces --",
  summary: "Slider input to face on screen in Chromium: drawn on this device against the server's frame.",
  options: {
    inputs: { type: "string", default: "40", value: "<n>", help: "slider inputs measured" },
    delay: {
      type: "string",
      default: "0",
      value: "<ms>",
      help: "a network between page and server: every websocket message this late, each way",
    },
    json: { type: "boolean", default: false, help: "print one JSON line only" },
  },
});
const inputs = numberOption("inputs", wholeFrom(5), values.inputs);
const delay = numberOption("delay", wholeFrom(0), values.delay);
const log = (line: string) => {
  if (!values.json) console.log(line);
};

const root = resolve(import.meta.dirname, "..");
const data = await mkdtemp(join(tmpdir(), "bench-faces-"));
const port = await freePort();
const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `file:${join(data, "likeness.db")}`,
    LIKENESS_DATA: data,
    LIKENESS_LOG_FORMAT: "text",
    NEXT_TELEMETRY_DISABLED: "1",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((done, fail) => {
  let out = "";
  server.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    const m = /serving at (http:\/\/[^\s"]+)/.exec(out);
    if (m) done(m[1] as string);
  });
  server.once("exit", (code) => fail(new Error(`the server exited with ${code}`)));
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});

try {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  // tsx keeps function names with a helper the page does not have: the measuring code below needs it
  await page.addInitScript("globalThis.__name = (f) => f");
  if (delay > 0)
    // Yjs and socket.io both ways, in order: the edit reaches the server and its frame comes back late
    await page.routeWebSocket(/./, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => setTimeout(() => ws.send(message), delay));
      ws.onMessage((message) => setTimeout(() => server.send(message), delay));
    });
  await page.goto(url);
  await page.click("text=Create a room");
  await page.waitForURL(/\/rooms\//);
  await page.waitForSelector('[data-local-state="on"]', { timeout: 120_000 });
  const msPerFace = Number(await page.getAttribute("[data-ms-per-face]", "data-ms-per-face"));
  const threads = Number(await page.getAttribute("[data-local-threads]", "data-local-threads"));
  log(`decoder in the page: ${msPerFace.toFixed(1)} ms a face on ${threads} thread(s) (median of 3 at load)`);

  /** Input to face on screen, `inputs` times: drawn here (when `local`), and the server's frame. */
  const measure = async (local: boolean) => {
    const here: number[] = [];
    const server: number[] = [];
    for (let i = 0; i < inputs; i++) {
      const value = ((i % 7) - 3) * 0.8 + (local ? 0.1 : 0.2);
      const times = await page.evaluate(
        async ([v, local]) => {
          const view = document.querySelector(".face-view") as HTMLElement;
          const img = document.querySelector("img.face") as HTMLImageElement;
          const draws = Number(view.dataset.localDraws);
          const seq = Number(img.dataset.seq);
          const input = document.querySelector("#slider-0") as HTMLInputElement;
          const start = performance.now();
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(input, String(v));
          input.dispatchEvent(new Event("input", { bubbles: true }));
          return new Promise<{ local: number; server: number }>((done) => {
            let drawn: number | null = local ? null : 0;
            const check = () => {
              const now = performance.now() - start;
              if (drawn === null && Number(view.dataset.localDraws) > draws) drawn = now;
              const shown = view.dataset.faceSource === "server" && Number(img.dataset.seq) > seq && img.complete;
              if (drawn !== null && shown) done({ local: drawn, server: now });
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          });
        },
        [value, local] as const,
      );
      here.push(times.local);
      server.push(times.server);
      // each input on its own: the next one after the room has settled
      await page.waitForTimeout(250);
    }
    return { here, server };
  };
  const drawnHere = await measure(true);
  await page.uncheck("text=Draw faces on this device");
  await page.waitForSelector('[data-local-state="off"]');
  const serverOnly = await measure(false);
  /** the median and the 95th percentile of a series, sorted once */
  const figuresOf = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  const figures = {
    browser: browser.version(),
    cores: availableParallelism(),
    delayMs: delay,
    inputs,
    decodeMsPerFace: msPerFace,
    threads,
    local: figuresOf(drawnHere.here),
    settled: figuresOf(drawnHere.server),
    server: figuresOf(serverOnly.server),
  };
  const row = (name: string, f: { p50: number; p95: number }) =>
    log(`  ${name.padEnd(44)} p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms`);
  log(
    `input to face on screen over ${inputs} inputs each, Chromium ${figures.browser}, ${figures.cores} cores` +
      (delay > 0 ? `, websocket messages ${delay} ms late each way:` : ":"),
  );
  row("drawn here", figures.local);
  row("  the server's settled frame confirming it", figures.settled);
  row("server frames only (drawing here turned off)", figures.server);
  if (values.json) console.log(JSON.stringify(figures));
} finally {
  await browser.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await rm(data, { recursive: true, force: true });
}
