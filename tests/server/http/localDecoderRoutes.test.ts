import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decoderPath, ORT_ASSETS, ORT_FILES, ORT_WEB_VERSION } from "../../../lib/localDrawing";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { createRoomWithKey, frameClient, type Live, startLiveServer, yjsClient } from "../../helpers/liveServer";

let live: Live;
let version: string;
beforeAll(async () => {
  live = await startLiveServer();
  version = live.model.manifest.version;
});
afterAll(async () => {
  await live.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${live.server.url}${path}`, { headers });

describe("faces drawn in the browser: what the server sends", () => {
  it("serves ONNX Runtime Web's files of the installed version, cached for good, gzipped when asked", async () => {
    const entry = createRequire(import.meta.url).resolve("onnxruntime-web");
    const installed = (
      JSON.parse(await readFile(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }
    ).version;
    expect(ORT_WEB_VERSION).toBe(installed);
    for (const file of ORT_FILES) {
      const res = await get(`${ORT_ASSETS}${file}`, { "accept-encoding": "gzip" });
      expect([file, res.status]).toEqual([file, 200]);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("content-type")).toMatch(
        file.endsWith(".wasm") ? /application\/wasm/ : /text\/javascript/,
      );
      expect(res.headers.get("content-encoding")).toBe("gzip");
    }
    expect((await get("/ort/1.0.0/ort.wasm.min.mjs")).status).toBe(404);
    expect((await get(`${ORT_ASSETS}ort.node.min.js`)).status).toBe(404);
    expect((await get(`${ORT_ASSETS}..%2Fpackage.json`)).status).toBe(404);
  });

  it("sends a room's decoder only to its link holders and only for a version an admin lets leave", async () => {
    const { id, key } = await createRoomWithKey(live);
    const path = `${decoderPath(id, version)}&k=${key}`;
    live.server.models.allowLocalDrawing(version, false);
    const refused = await get(path);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/drawn on the server only/);
    live.server.models.allowLocalDrawing(version, true);
    expect((await get(`/api/rooms/${"A".repeat(22)}/decoder.onnx`)).status).toBe(404);

    const res = await get(path, { "accept-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, max-age=86400");
    const etag = res.headers.get("etag") as string;
    expect((await get(path, { "if-none-match": etag })).status).toBe(304);

    // the graph takes sliders and gives the pixels the server draws for them, to the level
    const graph = new Uint8Array(await res.arrayBuffer());
    const session = await ort.InferenceSession.create(
      graph.length > 0 && graph[0] === 0x1f ? gunzipSync(graph) : graph,
    );
    const sliders = Float64Array.from({ length: live.model.manifest.latent }, (_, k) => (k < 6 ? (k % 3) - 1 : 0));
    const out = await session.run(
      { sliders: new ort.Tensor("float32", Float32Array.from(sliders), [1, sliders.length]) },
      ["pixels"],
    );
    const local = out.pixels?.data as Uint8Array;
    const server = await live.server.models
      .acquire(version)
      .then((r) => r.scheduler.face(sliders))
      .finally(() => live.server.models.release(version));
    let worst = 0;
    for (let i = 0; i < server.length; i++)
      worst = Math.max(worst, Math.abs((local[i] as number) - (server[i] as number)));
    expect(worst).toBeLessThanOrEqual(1);
    await session.release();
  });

  it("isolates pages so WebAssembly threads may run, and lets them compile WebAssembly", async () => {
    const res = await get("/api/health");
    expect(res.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src [^;]*'wasm-unsafe-eval'/);
  });

  it("names in every frame the sliders it shows", async () => {
    const { id, key } = await createRoomWithKey(live);
    const editor = yjsClient(live, id, key);
    const viewer = frameClient(live, id, { key });
    await editor.synced;
    sliderStore(editor.doc).set(sliderKey(2), 1.25);
    const frame = await viewer.waitFor(
      (f) => new Float64Array(Uint8Array.from(f.sliders as unknown as Uint8Array).buffer)[2] === 1.25,
    );
    expect(new Float64Array(Uint8Array.from(frame.sliders as unknown as Uint8Array).buffer).length).toBe(
      live.model.manifest.latent,
    );
    editor.provider.destroy();
    viewer.socket.close();
  });
});
