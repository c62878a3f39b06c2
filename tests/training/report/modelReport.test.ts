import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import { LABELS_FILE, type SynthLabels } from "../../../training/dataset/synthYearbook";
import { buildModelReport } from "../../../training/report/modelReport";
import { tinyDataset } from "../../helpers/tinyDataset";
import { tinyModelDir } from "../../helpers/tinyModel";

describe("model report", () => {
  it("shows reconstructions, random faces, 12 component sweeps, the holistic scales, variance and PSNR charts, and the factor table", async () => {
    const { dir, set } = await tinyDataset();
    const model = await loadModel(await tinyModelDir());
    const labels = JSON.parse(await readFile(join(dir, LABELS_FILE), "utf8")) as SynthLabels;
    const factors = labels.images.map((i) => i.factors as unknown as Record<string, number>);
    const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    try {
      const { html, quality } = await buildModelReport({ model, runtime, images: set.pixels, factors });
      expect(html).toContain("originals above reconstructions");
      expect(html).toContain("24 random faces");
      // the tiny model's 16 components: Randomize draws the first 8 (the floor), the rest stay at 0
      expect(html).toContain("the first 8 sliders");
      expect(html).toContain("at least 8 are drawn");
      // the same draws cut at 8 (Randomize's depth) and at all 16 components, each row measured
      expect(html).toContain('alt="the same 12 random draws cut after 8, 16 components"');
      expect(html).toContain("the 12 further draws on the first 8 components (Randomize's depth, not pulled)");
      expect(html).toContain("pulled 60 % of the way toward the training code nearest to it");
      expect(html).toContain("the 12 further draws on all 16 components</th>");
      expect(html.match(/alt="component \d+ from -3σ to \+3σ"/g)).toHaveLength(12);
      expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
      expect(html).toContain("Which ground-truth factors the top 10 components track");
      expect(html.match(/<tr><th>\d+<\/th>/g)).toHaveLength(10);
      expect(html).toContain("random faces above their nearest training portraits");
      // the tiny model's six holistic scales, each swept
      expect(html.match(/alt="[^"]+ from -2 to \+2"/g)).toHaveLength(6);
      expect(html.match(/data:image\/jpeg;base64,/g)?.length).toBe(1 + 2 + 1 + 12 + 6);
      // reconstructions come nearer to a portrait than random faces drawing every component; Randomize's faces,
      // pulled toward a training code, nearer than draws on as many components not pulled
      expect(quality?.nearestPsnr.reconstructions).toBeGreaterThan(
        quality?.nearestPsnr.randomEveryComponent ?? Number.NaN,
      );
      expect(quality?.nearestPsnr.random).toBeGreaterThan(quality?.byDepth[0]?.nearestPsnr ?? Number.NaN);
      expect(quality?.detailRatio.random).toBeGreaterThan(0);
      expect(quality?.detailRatio.randomEveryComponent).toBeGreaterThan(0);
      expect(quality?.byDepth.map((d) => d.depth)).toEqual([8, 16]);
      expect(quality?.byDepth[1]?.detailRatio).toBe(quality?.detailRatio.randomEveryComponent);
    } finally {
      await runtime.dispose();
    }
  });

  it("says so when the training images are not available", async () => {
    const model = await loadModel(await tinyModelDir());
    const runtime = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    try {
      const { html, quality } = await buildModelReport({ model, runtime });
      expect(html).toContain("The training images were not found");
      expect(html).not.toContain("Which ground-truth factors");
      expect(quality).toBeUndefined();
    } finally {
      await runtime.dispose();
    }
  });
});
