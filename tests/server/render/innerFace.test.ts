import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { drawRandomFace } from "../../../facemodel/randomFace";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import { slidersToCode } from "../../../lib/faceSpace";
import { createRng } from "../../../lib/random";
import { blurExternalFeatures, findInnerFace, insideEllipse } from "../../../server/render/innerFace";
import { artifactPath } from "../../helpers/browser";

describe("inner face and blur", () => {
  it("keeps the inner face sharp and blurs the rest", async () => {
    // a plain background, a head (disc) on shoulders, a sharp checker pattern everywhere
    const width = 72;
    const height = 96;
    const image = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const head = Math.hypot(x - 36, y - 42) < 22;
        const shoulders = y > 76 && Math.abs(x - 36) < 30;
        const check = (x + y) % 2 === 0 ? 25 : 0;
        for (let c = 0; c < 3; c++) image[(y * width + x) * 3 + c] = (head || shoulders ? 204 : 77) - check;
      }
    const e = findInnerFace(image, width, height);
    expect(insideEllipse(e, 36, 48)).toBe(true);
    expect(e.rx).toBeGreaterThan(6);
    const bytes = image;
    const out = await blurExternalFeatures(bytes, width, height, e);
    const at = (img: Uint8Array, x: number, y: number) => img[(y * width + x) * 3] as number;
    expect(at(out, Math.round(e.cx), Math.round(e.cy))).toBe(at(bytes, Math.round(e.cx), Math.round(e.cy)));
    // the checker pattern of the background (25 levels between neighbours) is smoothed away
    expect(Math.abs(at(bytes, 2, 2) - at(bytes, 3, 2))).toBeGreaterThan(20);
    expect(Math.abs(at(out, 2, 2) - at(out, 3, 2))).toBeLessThan(5);
  });

  it("finds the inner face of the default model's faces: the eyes fall inside it (sheet in test-artifacts)", async () => {
    const model = await loadModel(join(import.meta.dirname, "..", "..", "..", "models", "default"));
    const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    const { width, height } = model.manifest.image;
    const n = 64;
    const rng = createRng(20261205);
    const latent = model.manifest.latent;
    const codes = new Float32Array(n * latent);
    for (let i = 0; i < n; i++) codes.set(slidersToCode(model.faceSpace, drawRandomFace(model, rng)), i * latent);
    const images = await runtime.decodeBytes(codes, n);
    await runtime.dispose();
    const size = width * height * 3;
    let whites = 0;
    let blurMs = 0;
    let covered = 0;
    const sheet = Buffer.alloc(size * n * 2);
    const columns = 16;
    for (let i = 0; i < n; i++) {
      const face = images.subarray(i * size, (i + 1) * size);
      const e = findInnerFace(face, width, height);
      // the eyes' whites: near-white pixels in the middle of the picture (shirts are lower, edges outside)
      for (let y = Math.round(height * 0.3); y < height * 0.72; y++)
        for (let x = Math.round(width * 0.15); x < width * 0.85; x++) {
          const p = (y * width + x) * 3;
          if (Math.min(face[p] as number, face[p + 1] as number, face[p + 2] as number) < 0.88 * 255) continue;
          whites++;
          if (insideEllipse(e, x, y)) covered++;
        }
      const started = performance.now();
      const blurred = await blurExternalFeatures(face, width, height, findInnerFace(face, width, height));
      blurMs += performance.now() - started;
      const col = i % columns;
      const row = Math.floor(i / columns);
      for (const [k, src] of [face, blurred].entries())
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) {
            const edge = k === 0 && Math.abs(Math.hypot((x - e.cx) / e.rx, (y - e.cy) / e.ry) - 1) < 0.03;
            for (let c = 0; c < 3; c++) {
              const v = edge ? (c === 0 ? 255 : 0) : (src[(y * width + x) * 3 + c] as number);
              sheet[(((row * 2 + k) * height + y) * width * columns + col * width + x) * 3 + c] = v;
            }
          }
    }
    const rows = Math.ceil(n / columns) * 2;
    await sharp(sheet.subarray(0, width * columns * height * rows * 3), {
      raw: { width: width * columns, height: height * rows, channels: 3 },
    })
      .png()
      .toFile(await artifactPath("inner-face.png"));
    const coverage = covered / whites;
    console.log(
      `inner face: ${(coverage * 100).toFixed(1)} % of ${whites} eye-white pixels of ${n} faces inside; ` +
        `found and blurred in ${(blurMs / n).toFixed(1)} ms a face`,
    );
    expect(whites).toBeGreaterThan(n * 5);
    expect(coverage).toBeGreaterThan(0.85);
  }, 60_000);
});
