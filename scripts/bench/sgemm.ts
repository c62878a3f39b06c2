/** The machine's SGEMM throughput, measured with ONNX Runtime's MatMul (MLAS), the kernels our CPU path uses. */
import * as ort from "onnxruntime-node";
import { GraphBuilder } from "../../server/model/decoder/onnxGraph";

export async function sgemmGflops(threads: number, n = 1024, seconds = 2): Promise<number> {
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
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await session.run({ a, b });
    runs++;
  }
  const elapsed = (performance.now() - start) / 1000;
  await session.release();
  return (2 * n ** 3 * runs) / elapsed / 1e9;
}
