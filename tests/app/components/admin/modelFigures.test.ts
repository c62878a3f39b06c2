import { describe, expect, it } from "vitest";
import {
  datasetText,
  modelPath,
  psnrText,
  trainingTimeText,
  varianceText,
} from "../../../../app/components/admin/modelFigures";
import type { ModelVersionView } from "../../../../lib/api/adminApi";

const version = (figures: Partial<ModelVersionView>): ModelVersionView => ({
  version: "v1",
  active: false,
  loaded: false,
  createdAt: "2024-01-01T00:00:00.000Z",
  rooms: 0,
  names: {},
  localDrawing: false,
  trainPsnr: null,
  explainedVarianceTop10: null,
  explainedVarianceTop20: null,
  trainingSeconds: null,
  dataset: null,
  report: false,
  ...figures,
});

describe("a model version's figures on the admin page", () => {
  it("writes a dash for each figure a version does not have", () => {
    const bare = version({});
    expect([psnrText(bare), varianceText(bare), trainingTimeText(bare), datasetText(bare)]).toEqual([
      "—",
      "—",
      "—",
      "—",
    ]);
  });

  it("writes PSNR in dB, the variance in percent and the training time in whole minutes", () => {
    const v = version({ trainPsnr: 23.456, explainedVarianceTop10: 0.6123, trainingSeconds: 5430 });
    expect(psnrText(v)).toBe("23.46 dB");
    expect(varianceText(v)).toBe("61.2 %");
    expect(trainingTimeText(v)).toBe("91 min");
  });

  it("writes the training set's size and source, a question mark for an unknown size", () => {
    expect(datasetText(version({ dataset: { size: 2000, source: "synthetic seed 1" } }))).toBe(
      "2000 portraits (synthetic seed 1)",
    );
    expect(datasetText(version({ dataset: { id: "d1" } }))).toBe("? portraits");
  });

  it("escapes the version in its API path", () => {
    expect(modelPath("a b/c")).toBe("/api/admin/models/a%20b%2Fc");
    expect(modelPath("v1", "/activate")).toBe("/api/admin/models/v1/activate");
  });
});
