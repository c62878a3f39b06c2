import { describe, expect, it } from "vitest";
import { type RecordDraft, verifyRecord } from "../../../server/record/recordChain";
import { mergeMoves as merge } from "../../../server/record/recordHooks";
import { BURST_MS, SessionRecord } from "../../../server/record/SessionRecord";

type Move = { slider: number; before: number; after: number };
const change = (actor: string, moved: Move[]): RecordDraft => ({
  kind: "change",
  actor,
  role: "artist",
  data: { moved },
});

describe("the session record's bursts", () => {
  it("writes a burst of one person's changes as one entry, from the first value to the last", async () => {
    const record = new SessionRecord();
    await record.append("r", { kind: "session:start", actor: "a", role: "artist", data: {} });
    for (let i = 0; i < 12; i++)
      record.appendBurst("r", "artist:a", change("a", [{ slider: 3, before: i / 10, after: (i + 1) / 10 }]), merge);
    record.appendBurst("r", "artist:a", change("a", [{ slider: 5, before: 0, after: -1 }]), merge);
    const { entries } = await record.export("r");
    expect(entries.map((e) => e.kind)).toEqual(["session:start", "change"]);
    expect((entries[1]?.data as { moved?: Move[] } | undefined)?.moved).toEqual([
      { slider: 3, before: 0, after: 1.2 },
      { slider: 5, before: 0, after: -1 },
    ]);
    expect(verifyRecord(await record.export("r"))).toBeNull();
  });

  it("ends a burst when someone else acts, another entry comes, or the person pauses", async () => {
    const record = new SessionRecord();
    await record.append("r", { kind: "session:start", actor: "a", role: "artist", data: {} });
    const move = (actor: string, v: number) =>
      record.appendBurst("r", `artist:${actor}`, change(actor, [{ slider: 0, before: v, after: v + 1 }]), merge);
    move("a", 0);
    move("b", 1);
    await record.append("r", { kind: "array:shown", actor: "b", role: "artist", data: {} });
    move("b", 2);
    await new Promise((r) => setTimeout(r, BURST_MS + 200));
    move("b", 3);
    const { entries } = await record.export("r");
    expect(entries.map((e) => `${e.kind}:${e.actor}`)).toEqual([
      "session:start:a",
      "change:a",
      "change:b",
      "array:shown:b",
      "change:b",
      "change:b",
    ]);
    expect(verifyRecord({ ...(await record.export("r")) })).toBeNull();
  });
});
