import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sliderKey, sliderStore } from "../../../lib/roomDocument";
import { createRoom, frameClient, type Live, startLiveServer, yjsClient } from "../../helpers/liveServer";

let live: Live;
let databaseUp = true;
beforeAll(async () => {
  live = await startLiveServer({
    metricsPort: 0,
    readiness: {
      database: async () => {
        if (!databaseUp) throw new Error("\nconnect ECONNREFUSED 127.0.0.1:5432");
      },
    },
  });
});
afterAll(async () => {
  await live.close();
});

/** One scrape: each sample's value by its name and labels, as Prometheus reads the text. */
async function scrape(): Promise<Map<string, number>> {
  const text = await (await fetch(live.server.metricsUrl as string)).text();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1] as string, Number(m[2]));
  }
  return samples;
}

describe("operators' metrics", () => {
  it("show edits, frames, decodes, rooms and clients moving while a client edits", async () => {
    const before = await scrape();
    const roomId = await createRoom(live);
    const editor = yjsClient(live, roomId);
    const viewer = frameClient(live, roomId);
    await editor.synced;
    const store = sliderStore(editor.doc);
    let seq = (await viewer.waitFor(() => true)).seq;
    for (let i = 1; i <= 5; i++) {
      store.set(sliderKey(0), i / 2);
      seq = (await viewer.waitFor((f) => f.seq > seq)).seq;
    }
    const after = await scrape();
    const moved = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(moved("likeness_edits_total")).toBeGreaterThanOrEqual(5);
    expect(moved("likeness_frames_total")).toBeGreaterThanOrEqual(5);
    expect(moved("likeness_decode_seconds_count")).toBeGreaterThanOrEqual(5);
    expect(after.get("likeness_decode_batch_faces_sum")).toBeGreaterThanOrEqual(5);
    expect(after.get("likeness_rooms")).toBeGreaterThanOrEqual(1);
    expect(after.get("likeness_clients")).toBeGreaterThanOrEqual(2);
    expect(after.get('likeness_http_requests_total{status="2xx"}')).toBeGreaterThanOrEqual(1);
    expect(after.has("likeness_render_queue")).toBe(true);
    expect(after.get("likeness_process_resident_memory_bytes")).toBeGreaterThan(0);
    editor.provider.destroy();
    viewer.socket.close();
  });

  it("are served apart from the public port, on this machine only", async () => {
    expect(live.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(live.server.metricsUrl as string).port).not.toBe(new URL(live.server.url).port);
    expect((await fetch(`${live.server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${live.server.url}/api/metrics`)).status).toBe(404);
  });
});

describe("liveness and readiness", () => {
  it("is live while the process answers; ready only while the model and the database answer", async () => {
    expect(await (await fetch(`${live.server.url}/api/health`)).json()).toMatchObject({ ok: true });
    const ready = await fetch(`${live.server.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { model: "ok", database: "ok" } });
    databaseUp = false;
    const down = await fetch(`${live.server.url}/api/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      checks: { model: "ok", database: "failing: connect ECONNREFUSED 127.0.0.1:5432" },
    });
    // still live: an orchestrator restarts what is not live, and only stops sending traffic to what is not ready
    expect((await fetch(`${live.server.url}/api/health`)).status).toBe(200);
    databaseUp = true;
  });
});
