import { describe, expect, it } from "vitest";
import type { RunRow, RunStore } from "../../../server/db/RunStore";
import { TrainingRuns } from "../../../server/jobs/TrainingRuns";
import { runSettings } from "../../../server/jobs/trainPresets";

const queued = (id: string, settings: string, datasetId: string | null = null) =>
  ({ id, kind: "train", status: "queued", datasetId, settings, history: "[]" }) as RunRow;

/** A run store in memory: the queue is the rows still queued, in order. */
function memoryStore(rows: RunRow[]): RunStore {
  return {
    interruptRunning: async () => 0,
    nextQueued: async () => rows.find((r) => r.status === "queued") ?? null,
    update: async (id: string, change: Partial<RunRow>) =>
      void Object.assign(rows.find((r) => r.id === id) ?? {}, change),
    dataset: async () => null,
  } as unknown as RunStore;
}

describe("the training queue", () => {
  it("fails a run whose settings cannot be read, or whose dataset is gone, saying why, and goes on", async () => {
    const rows = [
      queued("a", "{not json"),
      queued("b", JSON.stringify({ kind: "paint" })),
      queued("c", JSON.stringify(runSettings({ datasetId: "gone", preset: "quick" })), "gone"),
    ];
    const runs = new TrainingRuns({
      store: memoryStore(rows),
      dataDir: "/nowhere",
      register: async () => "never",
      activeModel: async () => ({ version: "v", dir: "/nowhere" }),
      log: () => {},
    });
    await runs.start();
    await expect.poll(() => rows.every((r) => r.status === "failed")).toBe(true);
    expect(rows.map((r) => r.error)).toEqual([
      "its settings are not JSON",
      'its settings name an unknown kind of run: "paint"',
      "its dataset was deleted",
    ]);
    await runs.close();
  });
});
