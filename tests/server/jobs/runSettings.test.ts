import { describe, expect, it } from "vitest";
import { type RunSettings, readRunSettings, rowKindOf, settingsOfKind } from "../../../server/jobs/runSettings";
import { TINY_CONFIG } from "../../helpers/tinyDataset";

const EACH_KIND: RunSettings[] = [
  { kind: "synthetic", name: "a set", count: 64, seed: 3 },
  { kind: "upload", name: "uploaded", path: "/data/uploads/x/set.zip", label: "set.zip" },
  { kind: "train", preset: "quick", settings: { config: TINY_CONFIG, steps: 400, lrSchedule: "cosine" } },
  {
    kind: "train",
    settings: { config: TINY_CONFIG },
    initFrom: "/models/v1",
    maxSeconds: 600,
    maxSteps: 9,
    resumes: "r1",
  },
  { kind: "report", report: { version: "v1", modelDir: "/models/v1" } },
];

const stored = (settings: RunSettings) => ({ kind: rowKindOf(settings), settings: JSON.stringify(settings) });

describe("a run's settings", () => {
  it("round-trip through the settings column, each kind as itself", () => {
    for (const settings of EACH_KIND) expect(readRunSettings(stored(settings))).toEqual({ ok: true, settings });
    expect(EACH_KIND.map(rowKindOf)).toEqual(["dataset", "dataset", "train", "train", "report"]);
  });

  it("read settings written before they named their kind as their row's kind", () => {
    const read = (kind: "dataset" | "train" | "report", settings: object) =>
      readRunSettings({ kind, settings: JSON.stringify(settings) });
    expect(read("dataset", { name: "s", count: 16, seed: 1 })).toMatchObject({ settings: { kind: "synthetic" } });
    expect(read("dataset", { name: "u", path: "/p", label: "l" })).toMatchObject({ settings: { kind: "upload" } });
    expect(read("train", { settings: { config: TINY_CONFIG } })).toMatchObject({ settings: { kind: "train" } });
    expect(read("report", { report: { version: "v", modelDir: "/m" } })).toMatchObject({
      settings: { kind: "report" },
    });
  });

  it("refuse a malformed column, an unknown kind, another row's kind or invalid fields, saying why", () => {
    const why = (kind: "dataset" | "train" | "report", settings: string) => {
      const read = readRunSettings({ kind, settings });
      return read.ok ? "read" : read.why;
    };
    expect(why("train", "{not json")).toBe("its settings are not JSON");
    expect(why("train", "[1]")).toBe("its settings are not a JSON object");
    expect(why("train", JSON.stringify({ kind: "paint" }))).toBe('its settings name an unknown kind of run: "paint"');
    expect(why("train", JSON.stringify(EACH_KIND[0]))).toBe("its settings are a synthetic run's, not a train run's");
    expect(why("dataset", JSON.stringify({ kind: "synthetic", name: "s", count: -1, seed: 1 }))).toMatch(
      /^its synthetic settings are invalid: count: /,
    );
    expect(why("train", JSON.stringify({ kind: "train", settings: { epochs: 3 } }))).toBe(
      "its train settings are invalid: settings: not settings the trainer takes",
    );
    expect(why("train", JSON.stringify({ kind: "train" }))).toMatch(/^its train settings are invalid: settings: /);
  });

  it("are read as one kind, or not at all", () => {
    expect(settingsOfKind(stored(EACH_KIND[2] as RunSettings), "train")?.preset).toBe("quick");
    expect(settingsOfKind(stored(EACH_KIND[0] as RunSettings), "train")).toBeNull();
    expect(settingsOfKind({ kind: "train", settings: "{" }, "train")).toBeNull();
  });
});
