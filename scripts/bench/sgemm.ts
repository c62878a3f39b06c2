/**
 * The machine's SGEMM throughput, the reference decode speed is compared with: ONNX Runtime's MatMul
 * (MLAS, the kernels our CPU path uses). With several cores, the best of one session on that many
 * threads and as many one-thread sessions side by side in worker threads (MLAS's own thread pool
 * scales poorly on a small machine), over several sizes; never lower than the figure for fewer cores.
 */
import { Worker } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { GraphBuilder } from "../../facemodel/decoder/onnxGraph";
import { siblingModule, workerSource } from "../../facemodel/runtime/workerSource";

/** GFLOP/s of one session's n×n MatMul on `threads` threads; `start` is awaited after warm-up, before timing. */
export async function sgemmGflops(
  threads: number,
  n = 1024,
  seconds = 2,
  start: () => Promise<void> = async () => {},
): Promise<number> {
  const g = new GraphBuilder();
  g.op("MatMul", [g.input("a", [n, n]), g.input("b", [n, n])], [], "c");
  g.output("c", [n, n]);
  const session = await ort.InferenceSession.create(g.encode("sgemm"), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionProviders: ["cpu"],
  });
  const a = new ort.Tensor(
    "float32",
    Float32Array.from({ length: n * n }, (_, i) => (i % 7) * 0.1),
    [n, n],
  );
  const b = new ort.Tensor(
    "float32",
    Float32Array.from({ length: n * n }, (_, i) => (i % 5) * 0.1),
    [n, n],
  );
  await session.run({ a, b });
  await start();
  let runs = 0;
  const begin = performance.now();
  while (performance.now() - begin < seconds * 1000) {
    await session.run({ a, b });
    runs++;
  }
  const elapsed = (performance.now() - begin) / 1000;
  await session.release();
  return (2 * n ** 3 * runs) / elapsed / 1e9;
}

/** GFLOP/s of `sessions` one-thread sessions timed together, each in a worker thread. */
async function sideBySide(sessions: number, n: number, seconds: number): Promise<number> {
  const workers = Array.from(
    { length: sessions },
    () =>
      new Worker(workerSource(siblingModule("sgemmWorker", import.meta.url)), {
        eval: true,
        workerData: { n, seconds },
      }),
  );
  const message = (w: Worker) => new Promise<unknown>((resolve) => w.once("message", resolve));
  await Promise.all(workers.map(message));
  const results = workers.map(message);
  for (const w of workers) w.postMessage("go");
  const rates = (await Promise.all(results)) as number[];
  await Promise.all(workers.map((w) => w.terminate()));
  return rates.reduce((sum, r) => sum + r, 0);
}

export interface SgemmRow {
  n: number;
  threads: number;
  /** "one session" on `threads` threads, or "side by side": `threads` one-thread sessions */
  how: "one session" | "side by side";
  gflops: number;
}

/** Every measurement, and the reference for 1..cores threads: the best at that many threads or fewer. */
export async function sgemmReference(
  cores: number,
  seconds: number,
  sizes: readonly number[] = [512, 1024, 2048],
): Promise<{ rows: SgemmRow[]; reference: Record<number, number> }> {
  const rows: SgemmRow[] = [];
  const reference: Record<number, number> = {};
  let best = 0;
  for (let threads = 1; threads <= cores; threads++) {
    for (const n of sizes) {
      rows.push({ n, threads, how: "one session", gflops: await sgemmGflops(threads, n, seconds) });
      if (threads > 1) rows.push({ n, threads, how: "side by side", gflops: await sideBySide(threads, n, seconds) });
    }
    best = Math.max(best, ...rows.filter((r) => r.threads === threads).map((r) => r.gflops));
    reference[threads] = best;
  }
  return { rows, reference };
}
