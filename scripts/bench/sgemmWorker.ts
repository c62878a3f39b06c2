/** One one-thread SGEMM session of a side-by-side measurement: ready after warm-up, timed on "go". */
import { parentPort, workerData } from "node:worker_threads";
import { sgemmGflops } from "./sgemm";

const { n, seconds } = workerData as { n: number; seconds: number };
const go = new Promise<void>((resolve) => parentPort?.once("message", () => resolve()));
const gflops = await sgemmGflops(1, n, seconds, async () => {
  parentPort?.postMessage("ready");
  await go;
});
parentPort?.postMessage(gflops);
