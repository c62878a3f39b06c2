/**
 * The live server's decoder at its best: faces a second at the render scheduler's batch (32), on the
 * backend and threads the server picks for itself. The rooms benchmark holds its frames against this.
 */

import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../facemodel/runtime/createRuntime";
import { randomCodes } from "../../lib/faceSpace";
import { createRng } from "../../lib/random";
import { medianMs } from "./timing";

export async function decoderThroughput(modelDir: string, seconds = 3, batch = 32) {
  const model = await loadModel(modelDir);
  const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights);
  try {
    const codes = randomCodes(model.faceSpace, batch, createRng(1));
    const ms = await medianMs(() => runtime.decode(codes, batch), seconds, 2);
    return { backend: runtime.backend, batch, facesPerSecond: (batch * 1000) / ms };
  } finally {
    await runtime.dispose();
  }
}
