import { loadModel } from "./server/model/artifact/modelArtifact";
import { createDecoderRuntime } from "./server/model/runtime/createRuntime";
import { encodeJpeg } from "./server/render/frameEncoder";
import { slidersToCode } from "./lib/faceSpace";
const m = await loadModel("models/default");
for (const threads of [undefined, 1, 2]) {
  const rt = await createDecoderRuntime(m.manifest.architecture, m.weights, { backend: "onnx-cpu", threads });
  const z = slidersToCode(m.faceSpace, new Float64Array(80));
  for (let i = 0; i < 3; i++) await rt.decode(z, 1);
  let t = performance.now();
  for (let i = 0; i < 20; i++) await rt.decode(z, 1);
  const d = (performance.now() - t) / 20;
  const img = await rt.decode(z, 1);
  t = performance.now();
  for (let i = 0; i < 20; i++) await encodeJpeg(img, 144, 192);
  console.log("threads", threads, "decode ms", d.toFixed(1), "jpeg ms", ((performance.now() - t) / 20).toFixed(1));
  await rt.dispose();
}
