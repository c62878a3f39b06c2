import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDecoderRuntime } from "../../../facemodel/runtime/createRuntime";
import { slidersToCode } from "../../../lib/faceSpace";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import {
  createRoom,
  frameClient,
  type Live,
  startLiveServer,
  tinyModels,
  until,
  yjsClient,
} from "../../helpers/liveServer";
import { MemoryRoomStorage } from "../../helpers/memoryRoomStorage";
import { tinyModelVariant } from "../../helpers/tinyModel";

let live: Live;
const second = "tiny-v2-fit";
beforeAll(async () => {
  const registry = await tinyModels({ [second]: await tinyModelVariant(second) });
  live = await startLiveServer({ store: new MemoryRoomStorage() }, registry);
});
afterAll(async () => {
  await live.close();
});

const post = (roomId: string, name: string, data: Buffer) => {
  const form = new FormData();
  form.append("photo", new Blob([new Uint8Array(data)]), name);
  return fetch(`${live.server.url}/api/rooms/${roomId}/photo`, { method: "POST", body: form });
};

describe("start from a photo", () => {
  it("fits the photo's face in the room's model and says how close it came", async () => {
    const { model } = live;
    const { width, height } = model.manifest.image;
    const target = new Float64Array(model.manifest.latent);
    target[0] = -1.5;
    target[1] = 1.1;
    const decoder = await createDecoderRuntime(model.manifest.architecture, model.weights, { backend: "onnx-cpu" });
    const pixels = await decoder.decodeBytes(slidersToCode(model.faceSpace, target), 1);
    await decoder.dispose();
    // a photo larger than the model's faces, as a camera's would be: the server crops and resizes it
    const photo = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .resize(width * 8, height * 8)
      .jpeg({ quality: 95 })
      .toBuffer();
    const roomId = await createRoom(live);
    const res = await post(roomId, "me.jpg", photo);
    expect(res.status).toBe(200);
    const fit = (await res.json()) as { sliders: number[]; psnr: number; startPsnr: number; modelVersion: string };
    expect(fit.sliders).toHaveLength(model.manifest.latent);
    expect(fit.modelVersion).toBe(model.manifest.version);
    expect(fit.psnr).toBeGreaterThan(fit.startPsnr + 3);
    // not a photo: refused with the reason
    const other = await createRoom(live);
    const bad = await post(other, "notes.txt", Buffer.from("hello"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not a zip, JPEG, PNG or WebP/);
    const broken = await post(await createRoom(live), "broken.png", Buffer.from("not really a png"));
    expect(broken.status).toBe(422);
  }, 120_000);

  it("switches a room to another model version, re-projecting its face, and says how close it came", async () => {
    const roomId = await createRoom(live);
    const editor = yjsClient(live, roomId);
    await editor.synced;
    editor.doc.transact(() => {
      sliderStore(editor.doc).set(sliderKey(0), 1.5);
      sliderStore(editor.doc).set(sliderKey(1), -1);
    });
    const room = live.server.rooms.get(roomId)?.room;
    await until(() => room?.sliders()[0] === 1.5);
    const frames = frameClient(live, roomId);
    const res = await fetch(`${live.server.url}/api/rooms/${roomId}/model`, {
      method: "POST",
      body: JSON.stringify({ version: second }),
    });
    expect(res.status).toBe(200);
    const switched = (await res.json()) as { version: string; psnr: number; sliders: number[] };
    console.log(`re-projected into ${second}: ${switched.psnr.toFixed(1)} dB against the old face`);
    expect(switched.psnr).toBeGreaterThan(20);
    const info = (await (await fetch(`${live.server.url}/api/rooms/${roomId}`)).json()) as { modelVersion: string };
    expect(info.modelVersion).toBe(second);
    await frames.waitFor((f) => f.modelVersion === second);
    // everyone's sliders moved to the re-projected face; the stored room names its new version
    const first = switched.sliders[0] as number;
    await until(() => Math.abs((room?.sliders()[0] ?? 99) - first) < 1e-3);
    await until(() => {
      const shown = editor.doc.getArray<{ key: string; val: number }>("sliders").toArray();
      return shown.some((e) => e.key === sliderKey(0) && Math.abs(e.val - first) < 1e-3);
    });
    expect(live.server.models.versions).toContain(second);
    expect(
      (
        await fetch(`${live.server.url}/api/rooms/${roomId}/model`, {
          method: "POST",
          body: JSON.stringify({ version: "nope" }),
        })
      ).status,
    ).toBe(404);
    editor.provider.destroy();
    frames.socket.close();
  }, 120_000);
});
