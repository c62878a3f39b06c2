import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import type { DecoderRuntime } from "../../../facemodel/runtime/decoderRuntime";
import { slidersToCode } from "../../../lib/faceSpace";
import { ModelRegistry } from "../../../server/render/ModelRegistry";
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
      decodeBytes: (codes: Float32Array, n: number) => {
        batches.push(n);
        return runtime.decodeBytes(codes, n);
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
    deliver: ({ jpeg }, shown) => delivered.push({ jpeg, version: shown.version }),
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

  it("decodes single faces (exports, thumbnails) in the frames' batches, after the frames", async () => {
    const model = await loadModel(await tinyModelDir());
    const real = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    const { runtime, batches } = counting(real);
    const latent = model.manifest.latent;
    const scheduler = new RenderScheduler(runtime, model.faceSpace, model.manifest.image, { maxBatch: 3 });
    const rooms = ["a", "b", "c"].map((id) => target(id, latent));
    const face = Float64Array.from({ length: latent }, (_, k) => (k === 0 ? 1.5 : 0));
    for (const r of rooms) scheduler.request(r.t);
    const images = [scheduler.face(face), scheduler.face(new Float64Array(latent))];
    // a batch holds 3: the frames first, the faces in the next batch
    const [one] = (await Promise.all(images)) as [Uint8Array, Uint8Array];
    expect(batches).toEqual([3, 2]);
    // the frames' JPEGs are made on the encoder's threads while the faces decode
    await scheduler.idle();
    for (const r of rooms) expect(r.delivered).toHaveLength(1);
    const { width, height } = model.manifest.image;
    expect(one).toHaveLength(width * height * 3);
    const alone = await real.decode(slidersToCode(model.faceSpace, face), 1);
    // the bytes the graph makes: each float rounded to the nearest of 256 levels
    expect(Math.max(...Array.from(one, (v, i) => Math.abs(v - (alone[i] as number) * 255)))).toBeLessThanOrEqual(0.51);
    // with room to spare, frames and faces share one decode
    batches.length = 0;
    rooms[0]?.state.sliders.fill(0.5);
    scheduler.request(rooms[0]?.t as RenderTarget);
    await scheduler.face(face);
    await scheduler.idle();
    expect(batches).toEqual([2]);
    await real.dispose();
  });

  it("batches as many faces as the backend prefers (a GPU's large batches, 32 on the CPU)", async () => {
    const model = await loadModel(await tinyModelDir());
    const real = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    const { runtime, batches } = counting(real);
    const registry = new ModelRegistry(
      async () => ({ model, runtime: { ...runtime, preferredBatch: 2 } }),
      model.manifest.version,
    );
    const { scheduler } = await registry.acquire(model.manifest.version);
    const face = new Float64Array(model.manifest.latent);
    await Promise.all([scheduler.face(face), scheduler.face(face), scheduler.face(face)]);
    expect(batches).toEqual([2, 1]);
    await registry.close();
  });
});
