import { describe, expect, it } from "vitest";
import { PRESETS } from "../../../facemodel/artifact/trainPresets";
import type { RunRow } from "../../../server/db/RunStore";
import { presetsHere, runSettings } from "../../../server/jobs/trainPresets";

const run = (
  id: string,
  preset: "quick" | "standard",
  minutes: number,
  status: RunRow["status"] = "finished",
): RunRow => ({
  id,
  kind: "train",
  status,
  datasetId: "d",
  settings: JSON.stringify(runSettings({ datasetId: "d", preset })),
  progress: "{}",
  history: "[]",
  logTail: "",
  error: null,
  modelVersion: null,
  createdAt: new Date(0),
  startedAt: new Date(0),
  endedAt: new Date(minutes * 60_000),
});

describe("training presets", () => {
  it("end on their step count, never on the clock, with the schedule cooling over those steps", () => {
    for (const preset of ["quick", "standard"] as const) {
      const s = runSettings({ datasetId: "d", preset });
      expect(s.settings?.steps).toBe(PRESETS[preset].steps);
      expect(s.maxSeconds).toBeUndefined();
      expect(s.settings?.lrSchedule).toBe("cosine");
      expect(s.preset).toBe(preset);
    }
    expect(PRESETS.quick.steps).toBeLessThan(PRESETS.standard.steps);
    expect(PRESETS.quick.expect).toMatch(/smoke test/);
  });

  it("say how long their last finished run took on this machine", () => {
    const here = presetsHere([run("a", "quick", 3.5), run("b", "quick", 9, "cancelled"), run("c", "standard", 125)]);
    expect(here.map((p) => [p.name, p.lastRun])).toEqual([
      ["quick", { id: "a", minutes: 3.5 }],
      ["standard", { id: "c", minutes: 125 }],
    ]);
    expect(presetsHere([]).every((p) => p.lastRun === null && p.minutesHere > 0)).toBe(true);
  });
});
