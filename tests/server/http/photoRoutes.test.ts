import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slidersToCode } from "../../../lib/faceSpace";
import { createDecoderRuntime } from "../../../server/model/runtime/createRuntime";
import { toBytes } from "../../../server/render/frameEncoder";
import { createRoom, type Live, startLiveServer } from "../../helpers/liveServer";

let live: Live;
beforeAll(async () => {
  live = await startLiveServer();
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
    const pixels = toBytes(await decoder.decode(slidersToCode(model.faceSpace, target), 1));
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
});
