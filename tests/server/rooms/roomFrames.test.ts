import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS } from "../../../lib/frameProtocol";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { SETTLE_MS } from "../../../server/rooms/roomFrames";
import { createRoomWithKey, frameClient, type Live, startLiveServer, until, yjsClient } from "../../helpers/liveServer";

let live: Live;
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  await live.close();
});

const slidersOf = (f: { sliders: unknown }) => new Float64Array(Uint8Array.from(f.sliders as Uint8Array).buffer);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a room's frames while its pages draw faces themselves", () => {
  it("draws only the settled state while every page draws locally, and every state again once one does not", async () => {
    const { id, key } = await createRoomWithKey(live);
    const editor = yjsClient(live, id, key);
    const a = frameClient(live, id, { key });
    const b = frameClient(live, id, { key });
    await editor.synced;
    await Promise.all([a.waitFor(() => true), b.waitFor(() => true)]);
    for (const c of [a, b]) c.socket.emit(EVENTS.drawsLocally, { on: true });
    await sleep(100);
    const store = sliderStore(editor.doc);

    // a drag: ten states, each sooner than the room settles
    const before = a.frames.length;
    for (let i = 1; i <= 10; i++) {
      store.set(sliderKey(0), i / 4);
      await sleep(SETTLE_MS / 5);
    }
    const last = await a.waitFor((f) => slidersOf(f)[0] === 2.5);
    await sleep(SETTLE_MS * 2);
    // one frame, of where the drag ended (an earlier one at most if the event loop stalled past the settle)
    expect(a.frames.length - before).toBeLessThanOrEqual(2);
    expect(a.frames.at(-1)?.seq).toBe(last.seq);

    // one page stops drawing: it gets the current state at once, and every state from then on
    b.socket.emit(EVENTS.drawsLocally, { on: false });
    await sleep(50);
    const counted = a.frames.length;
    for (let i = 1; i <= 5; i++) {
      store.set(sliderKey(1), i / 4);
      await until(() => a.frames.some((f) => slidersOf(f)[1] === i / 4), 5000);
    }
    expect(a.frames.length - counted).toBeGreaterThanOrEqual(5);

    // a malformed mode is the client's error
    const errors: unknown[] = [];
    b.socket.on(EVENTS.error, (e: unknown) => errors.push(e));
    b.socket.emit(EVENTS.drawsLocally, { on: "yes" });
    await until(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ code: "invalid" });
    editor.provider.destroy();
    a.socket.close();
    b.socket.close();
  });
});
