import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../../server/model/artifact/modelArtifact";
import { createDecoderRuntime } from "../../../server/model/runtime/createRuntime";
import type { DecoderRuntime } from "../../../server/model/runtime/decoderRuntime";
import { RenderScheduler, type RenderTarget } from "../../../server/render/RenderScheduler";
import { tinyModelDir } from "../../helpers/tinyModel";

/** A runtime that counts its decode calls and batch sizes (the real decoder underneath). */
function counting(runtime: DecoderRuntime) {
  const batches: number[] = [];
  return {
    batches,
    runtime: {
      ...runtime,
      backend: runtime.backend,
      decode: (codes: Float32Array, n: number) => {
        batches.push(n);
        return runtime.decode(codes, n);
      },
    },
  };
}

function target(id: string, latent: number) {
  const state = { sliders: new Float64Array(latent), version: 0 };
  const delivered: { version: number; jpeg: Buffer }[] = [];
  const t: RenderTarget = {
    id,
    snapshot: () => ({ sliders: Float64Array.from(state.sliders), version: state.version }),
    deliver: (jpeg, shown) => delivered.push({ jpeg, version: shown.version }),
  };
  return { t, state, delivered };
}

describe("render scheduler", () => {
  it("batches rooms that need a frame into one decode call and drops intermediate states", async () => {
    const model = await loadModel(await tinyModelDir());
    const real = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    const { runtime, batches } = counting(real);
    const scheduler = new RenderScheduler(runtime, model.faceSpace, model.manifest.image);
    const rooms = ["a", "b", "c"].map((id) => target(id, model.manifest.latent));
    // many changes to each room before the scheduler gets to run
    for (const r of rooms)
      for (let v = 1; v <= 10; v++) {
        r.state.sliders[0] = v / 5;
        r.state.version = v;
        scheduler.request(r.t);
      }
    await scheduler.idle();
    expect(batches).toEqual([3]);
    for (const r of rooms) {
      expect(r.delivered.map((d) => d.version)).toEqual([10]);
      const meta = await sharp(r.delivered[0]?.jpeg).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([
        "jpeg",
        model.manifest.image.width,
        model.manifest.image.height,
      ]);
    }
    await real.dispose();
  });
});
