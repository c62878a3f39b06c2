import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import {
  createRoom,
  frameClient,
  frameError,
  type Live,
  startLiveServer,
  tinyModels,
  until,
  yjsClient,
} from "../../helpers/liveServer";
import { MemoryRoomStorage } from "../../helpers/memoryRoomStorage";
import { tinyModelVariant } from "../../helpers/tinyModel";

/** JPEG (q85, 4:4:4) of a decoded face differs from the float image by about 1–2 levels on average. */
const FRAME_TOLERANCE = 4;

let live: Live;
let first: string;
const second = "tiny-v2";
beforeAll(async () => {
  const registry = await tinyModels({ [second]: await tinyModelVariant(second) });
  first = registry.model.manifest.version;
  live = await startLiveServer({ store: new MemoryRoomStorage(), rooms: { idleMs: 100 } }, registry);
});
afterAll(async () => {
  await live.close();
});

const info = async (id: string) =>
  (await (await fetch(`${live.server.url}/api/rooms/${id}`)).json()) as { modelVersion: string };

describe("model versions side by side", () => {
  it("renders each room with its own version and switches the active one without a restart", async () => {
    const { models } = live.server;
    const old = await createRoom(live, "old");
    const oldFrames = frameClient(live, old);
    await oldFrames.waitFor((f) => f.modelVersion === first);

    await models.activate(second);
    expect(((await (await fetch(`${live.server.url}/api/health`)).json()) as { model: string }).model).toBe(second);
    const fresh = await createRoom(live, "fresh");
    expect((await info(fresh)).modelVersion).toBe(second);
    expect((await info(old)).modelVersion).toBe(first);

    // the same sliders in both rooms: each frame is its own version's face, and the two faces differ
    const editors = [yjsClient(live, old), yjsClient(live, fresh)];
    await Promise.all(editors.map((e) => e.synced));
    const sliders = new Float64Array(live.model.manifest.latent);
    sliders[0] = 2;
    sliders[1] = -1.5;
    for (const e of editors)
      e.doc.transact(() => {
        sliderStore(e.doc).set(sliderKey(0), 2);
        sliderStore(e.doc).set(sliderKey(1), -1.5);
      });
    const freshFrames = frameClient(live, fresh);
    // the frames of the edited sliders (the first ones show the starting face)
    const settled = async (client: typeof oldFrames, version: string) => {
      await until(async () => {
        const last = client.frames.at(-1);
        return last !== undefined && (await frameError(live, last, sliders)) < FRAME_TOLERANCE;
      });
      const last = client.frames.at(-1);
      expect(last?.modelVersion).toBe(version);
      return last;
    };
    const oldFrame = await settled(oldFrames, first);
    const freshFrame = await settled(freshFrames, second);
    // the fresh room's frame is far from what the first version makes of the same sliders
    if (!freshFrame) throw new Error("no frame");
    expect(await frameError(live, { ...freshFrame, modelVersion: first }, sliders)).toBeGreaterThan(FRAME_TOLERANCE);
    expect(oldFrame?.roomId).toBe(old);

    // a version that cannot be loaded is refused; the active one stays
    await expect(models.activate("no-such-version")).rejects.toThrow(/not registered/);
    expect(models.activeVersion).toBe(second);

    // once nobody is in the old room, it leaves memory and its version with it
    for (const e of editors) e.provider.destroy();
    oldFrames.socket.disconnect();
    freshFrames.socket.disconnect();
    await until(() => !models.versions.includes(first), 5_000);
    expect(models.versions).toEqual([second]);

    // opening the old room again loads its version back
    const back = frameClient(live, old);
    const again = await back.waitFor((f) => f.roomId === old);
    expect(again.modelVersion).toBe(first);
    expect(await frameError(live, again, sliders)).toBeLessThan(FRAME_TOLERANCE);
    back.socket.disconnect();
  });
});
