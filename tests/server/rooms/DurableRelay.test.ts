import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DurableRelay } from "../../../server/rooms/DurableRelay";

/** A store whose writes finish when the test says, in any order. */
function manualStore() {
  const writes: { update: Uint8Array; done(): void }[] = [];
  return {
    writes,
    persist: (update: Uint8Array) => new Promise<void>((done) => writes.push({ update, done })),
  };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Real Yjs updates (each from a document of its own), told apart by their index. */
const updates = Array.from({ length: 3 }, (_, i) => {
  const doc = new Y.Doc();
  doc.getArray("a").push([i + 1]);
  return Y.encodeStateAsUpdate(doc);
});
const which = (update: Uint8Array) => updates.indexOf(update) + 1;

describe("durable relay", () => {
  it("relays a change only once it is written, in the order of the changes whatever order the writes finish", async () => {
    const store = manualStore();
    const relay = new DurableRelay(store.persist);
    const relayed: number[] = [];
    relay.onRelay((update) => relayed.push(which(update)));
    for (const u of updates) relay.change(u, null);
    store.writes[1]?.done();
    await tick();
    expect(relayed).toEqual([]);
    store.writes[0]?.done();
    await tick();
    expect(relayed).toEqual([1, 2]);
    expect(relay.durableVersion).toBe(2);
    store.writes[2]?.done();
    await tick();
    expect(relayed).toEqual([1, 2, 3]);
    // the durable copy holds exactly what was written
    expect(relay.doc.getArray("a").toArray().sort()).toEqual([1, 2, 3]);
  });

  it("runs what waits for a version once that version is durable, in order of version", async () => {
    const store = manualStore();
    const relay = new DurableRelay(store.persist);
    relay.loaded(Y.encodeStateAsUpdate(new Y.Doc()));
    const ran: string[] = [];
    relay.afterDurable(1, () => ran.push("loaded"));
    relay.change(updates[0] as Uint8Array, null);
    relay.change(updates[1] as Uint8Array, null);
    relay.afterDurable(relay.version, () => ran.push("all"));
    relay.afterDurable(2, () => ran.push("first change"));
    expect(ran).toEqual(["loaded"]);
    store.writes[0]?.done();
    await tick();
    expect(ran).toEqual(["loaded", "first change"]);
    store.writes[1]?.done();
    await tick();
    expect(ran).toEqual(["loaded", "first change", "all"]);
  });

  it("relays at once without a store", () => {
    const relay = new DurableRelay(null);
    const relayed: unknown[] = [];
    relay.onRelay((_u, origin) => relayed.push(origin));
    relay.change(updates[0] as Uint8Array, "me");
    expect(relayed).toEqual(["me"]);
    expect(relay.durableVersion).toBe(1);
  });
});
