import { readdir } from "node:fs/promises";
import { join } from "node:path";
import AdmZip from "adm-zip";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { modelOpener } from "../../../facemodel/openModel";
import { type Db, openDatabase } from "../../../server/db/database";
import { activateModel, modelDir, registerModel } from "../../../server/db/modelVersions";
import { RoomStore } from "../../../server/db/RoomStore";
import { RunStore } from "../../../server/db/RunStore";
import { TrainingRuns } from "../../../server/jobs/TrainingRuns";
import { ModelRegistry } from "../../../server/render/ModelRegistry";
import { adminArea } from "../../helpers/adminArea";
import { createRoom, type Live, startLiveServer } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";
import { tinyModelDir } from "../../helpers/tinyModel";

const PASSWORD = "training wheels";
let live: Live;
let db: Db;
let runs: TrainingRuns;
let cookie = "";
let uploads = "";
let csrf = "";

beforeAll(async () => {
  const dir = await tempDir("runs");
  uploads = join(dir, "uploads");
  ({ db } = await openDatabase(`file:${join(dir, "likeness.db")}`));
  const tiny = await loadModel(await tinyModelDir());
  await registerModel(db, tiny);
  await activateModel(db, tiny.manifest.version);
  const runStore = new RunStore(db);
  runs = new TrainingRuns({
    store: runStore,
    dataDir: dir,
    register: async (modelDir) => {
      const trained = await loadModel(modelDir);
      await registerModel(db, trained);
      return trained.manifest.version;
    },
    activeModel: async () => {
      const version = live.server.models.activeVersion;
      return { version, dir: (await modelDir(db, version)) as string };
    },
    log: () => {},
  });
  await runs.start();
  const models = new ModelRegistry(
    modelOpener(async (v) => (await db.modelVersion.findUnique({ where: { version: v } }))?.dir, {
      backend: "onnx-cpu",
      threads: 1,
    }),
    tiny.manifest.version,
  );
  live = await startLiveServer(
    {
      store: new RoomStore(db),
      admin: {
        ...(await adminArea(db, PASSWORD)),
        activate: (v) => activateModel(db, v),
        training: {
          runs,
          runStore,
          uploadDir: join(dir, "uploads"),
          uploadLimits: { totalBytes: 3_000_000, files: 50, imageBytes: 400_000 },
        },
      },
    },
    { models, model: tiny },
  );
  const login = await fetch(`${live.server.url}/api/admin/login`, {
    method: "POST",
    body: JSON.stringify({ password: PASSWORD }),
  });
  cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
  csrf = ((await login.json()) as { csrf: string }).csrf;
}, 120_000);
afterAll(async () => {
  await runs.close();
  await live.close();
  await db.$disconnect();
});

const call = async (path: string, method = "GET", body?: unknown) => {
  const res = await fetch(`${live.server.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { cookie, ...(method === "GET" ? {} : { "x-csrf-token": csrf }) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const runStatus = async (id: string) => (await call(`/api/admin/runs/${id}`)).body.status as string;
/** Polls as the admin page does (a few times a second: the server limits requests per address). */
async function poll(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 250));
  }
}
const settled = (id: string, timeoutMs: number) =>
  poll(async () => ["finished", "failed", "cancelled"].includes(await runStatus(id)), timeoutMs);

describe("training runs through the admin API", () => {
  it("makes a dataset, trains a tiny model on it with its report and samples, and the version serves new rooms", async () => {
    const made = await call("/api/admin/datasets/synthetic", "POST", { name: "tiny set", count: 16, seed: 3 });
    expect(made.status).toBe(202);
    await settled(made.body.id as string, 120_000);
    expect(await runStatus(made.body.id as string)).toBe("finished");
    const datasets = (await call("/api/admin/datasets")).body as unknown as { id: string; count: number }[];
    expect(datasets[0]?.count).toBe(16);

    const started = await call("/api/admin/runs", "POST", {
      datasetId: datasets[0]?.id,
      preset: "explicit",
      widths: [8, 8, 8, 8, 4],
      batch: 8,
      steps: 4,
    });
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    await settled(id, 180_000);
    const run = (await call(`/api/admin/runs/${id}`)).body;
    expect(run.status, String(run.logTail)).toBe("finished");
    const version = run.modelVersion as string;
    expect(version).toMatch(/^admin-/);
    // the active model was not touched; activating the new one makes new rooms start on it
    const old = await createRoom(live);
    expect((await call(`/api/admin/models/${version}/activate`, "POST")).status).toBe(200);
    const fresh = await createRoom(live);
    const versionOf = async (room: string) => (await call(`/api/rooms/${room}`)).body.modelVersion;
    expect(await versionOf(fresh)).toBe(version);
    expect(await versionOf(old)).not.toBe(version);

    // the run left its model report, linked from the versions table, and reconstruction samples
    const listed = (await call("/api/admin/models")).body as unknown as { version: string; report: boolean }[];
    expect(listed.find((m) => m.version === version)?.report).toBe(true);
    const report = await fetch(`${live.server.url}/api/admin/models/${version}/report`, { headers: { cookie } });
    expect(report.status).toBe(200);
    expect(await report.text()).toMatch(/<img[^>]+data:image\/jpeg;base64/);
    const samples = await fetch(`${live.server.url}/api/admin/runs/${id}/samples.jpg`, { headers: { cookie } });
    expect(samples.headers.get("content-type")).toBe("image/jpeg");
    // six portraits above their six reconstructions
    const sheet = await sharp(Buffer.from(await samples.arrayBuffer())).metadata();
    expect([sheet.width, sheet.height]).toEqual([6 * 144 + 5 * 2, 2 * 192 + 2]);
    expect((run.progress as { samplesAt?: number }).samplesAt).toBeGreaterThan(0);
  }, 400_000);

  it("continues the active model on its own training set only, and writes a version's report on demand", async () => {
    const datasets = (await call("/api/admin/datasets")).body as unknown as { id: string }[];
    const version = live.server.models.activeVersion;
    // "continue the active model": a warm start from it
    const more = await call("/api/admin/runs", "POST", { datasetId: datasets[0]?.id, preset: "continue", steps: 2 });
    expect(more.status).toBe(202);
    await settled(more.body.id as string, 180_000);
    const continued = (await call(`/api/admin/runs/${more.body.id}`)).body;
    expect(continued.status, String(continued.logTail)).toBe("finished");
    expect(String(continued.logTail)).toMatch(new RegExp(`starting from .*${version}`));
    const manifest = (await loadModel((await modelDir(db, continued.modelVersion as string)) as string)).manifest;
    expect(manifest.training.settings.initFrom?.model).toMatch(new RegExp(`${version}$`));
    // the active model was trained on the tiny set: another set is refused with the reason
    await db.dataset.create({
      data: { id: "other", name: "other set", count: 16, hash: "f".repeat(64), source: "upload", dir: "/nowhere" },
    });
    const refused = await call("/api/admin/runs", "POST", { datasetId: "other", preset: "continue" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/was trained on 16 portraits .*other set is another set/);
    await db.dataset.delete({ where: { id: "other" } });

    // a version trained before reports (here the starting one) gets one from a report run
    const models = (await call("/api/admin/models")).body as unknown as { version: string; report: boolean }[];
    const first = models.find((m) => !m.report)?.version as string;
    const queued = await call(`/api/admin/models/${first}/report`, "POST");
    expect(queued.status).toBe(202);
    await settled(queued.body.id as string, 180_000);
    expect((await fetch(`${live.server.url}/api/admin/models/${first}/report`, { headers: { cookie } })).status).toBe(
      200,
    );
  }, 600_000);

  it("cancels a run, and marks a run whose process was killed failed; the active model stays", async () => {
    const datasets = (await call("/api/admin/datasets")).body as unknown as { id: string }[];
    const active = live.server.models.activeVersion;
    const long = { datasetId: datasets[0]?.id, preset: "explicit", widths: [8, 8, 8, 8, 4], minutes: 30 };
    const cancelled = (await call("/api/admin/runs", "POST", long)).body.id as string;
    await poll(async () => (await runStatus(cancelled)) === "running", 60_000);
    expect((await call(`/api/admin/runs/${cancelled}/cancel`, "POST")).status).toBe(200);
    await settled(cancelled, 60_000);
    expect(await runStatus(cancelled)).toBe("cancelled");

    const killed = (await call("/api/admin/runs", "POST", long)).body.id as string;
    await poll(async () => (await runStatus(killed)) === "running" && runs.runningPid !== null, 60_000);
    process.kill(runs.runningPid as number, "SIGKILL");
    await settled(killed, 60_000);
    expect(await runStatus(killed)).toBe("failed");
    expect(live.server.models.activeVersion).toBe(active);
    // both stopped before their first checkpoint: neither offers to resume, and a resume is refused
    for (const id of [cancelled, killed]) {
      expect((await call(`/api/admin/runs/${id}`)).body.resumable).toBe(false);
      const resumed = await call(`/api/admin/runs/${id}/resume`, "POST");
      expect(resumed.status).toBe(409);
      expect(resumed.body.error).toMatch(/before its first checkpoint: start a new run/);
    }
  }, 300_000);

  it("takes an upload of portraits streamed to disk, refusing bad files by name and bombs, within limits", async () => {
    const png = (seed: number) =>
      sharp(Buffer.alloc(144 * 192 * 3, seed * 13), { raw: { width: 144, height: 192, channels: 3 } })
        .png()
        .toBuffer();
    const zip = new AdmZip();
    for (let i = 0; i < 16; i++) zip.addFile(`portraits/${String(i).padStart(2, "0")}.png`, await png(i));
    zip.addFile("notes.txt", Buffer.from("not a portrait"));
    zip.addFile("bomb.png", Buffer.alloc(2_000_000));
    zip.addFile(
      "dot.png",
      await sharp(Buffer.alloc(3), { raw: { width: 1, height: 1, channels: 3 } })
        .png()
        .toBuffer(),
    );
    // adm-zip cleans the names it is given: the hostile one is written into the entry itself
    zip.addFile("x.png", await png(99));
    (zip.getEntry("x.png") as AdmZip.IZipEntry).entryName = "../../evil.png";
    const form = (files: [string, Buffer][], name = "uploaded set") => {
      const f = new FormData();
      f.set("name", name);
      for (const [file, data] of files) f.append("files", new Blob([new Uint8Array(data)]), file);
      return f;
    };
    const upload = (body: FormData) =>
      fetch(`${live.server.url}/api/admin/datasets/upload`, {
        method: "POST",
        body,
        headers: { cookie, "x-csrf-token": csrf },
      });

    const res = await upload(
      form([
        ["set.zip", zip.toBuffer()],
        ["run.exe", Buffer.from("MZ")],
      ]),
    );
    expect(res.status).toBe(202);
    const run = (await res.json()) as { id: string; rejected: { name: string; reason: string }[] };
    expect(run.rejected).toEqual([{ name: "run.exe", reason: expect.stringMatching(/not a zip, JPEG, PNG or WebP/) }]);
    await settled(run.id, 120_000);
    const done = (await call(`/api/admin/runs/${run.id}`)).body;
    expect(done.status).toBe("finished");
    expect(done.logTail).toMatch(/skipped \.\.\/\.\.\/evil\.png: a name that leaves the folder/);
    expect(done.logTail).toMatch(/skipped bomb\.png: expands \d+× its compressed size/);
    expect(done.logTail).toMatch(/skipped notes\.txt: not a JPEG/);
    // every entry the import did not take is listed with its reason, for the page's list
    expect((done.progress as { skipped: { name: string; reason: string }[] }).skipped).toEqual([
      { name: "../../evil.png", reason: expect.stringMatching(/leaves the folder/) },
      { name: "bomb.png", reason: expect.stringMatching(/expands \d+× its compressed size/) },
      { name: "dot.png", reason: expect.stringMatching(/too small: 1x1 pixels; a portrait needs a 72x96 centre/) },
      { name: "notes.txt", reason: expect.stringMatching(/not a JPEG/) },
    ]);
    const sets = (await call("/api/admin/datasets")).body as unknown as {
      name: string;
      count: number;
      source: string;
    }[];
    expect(sets.find((d) => d.name === "uploaded set")).toMatchObject({ count: 16, source: "upload" });
    // the list names none of the server's folders: no dir, no absolute path (a synthetic set and an upload)
    expect(sets.length).toBeGreaterThanOrEqual(2);
    for (const set of sets) expect(set).not.toHaveProperty("dir");
    expect(JSON.stringify(sets)).not.toMatch(/"\//);

    // a zip that is not one fails its import naming the file as sent, never the server's folders
    const broken = (await (await upload(form([["broken.zip", Buffer.from("PK but no zip")]], "broken"))).json()) as {
      id: string;
    };
    await settled(broken.id, 60_000);
    const failed = (await call(`/api/admin/runs/${broken.id}`)).body;
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/broken\.zip is not a readable zip file/);
    expect(JSON.stringify(failed)).not.toContain(uploads);
    expect(JSON.stringify((await call("/api/admin/runs")).body)).not.toContain(uploads);

    // images one by one: an oversized one is refused by name, the rest kept
    const images: [string, Buffer][] = [];
    for (let i = 0; i < 16; i++) images.push([`p${i}.png`, await png(i + 20)]);
    images.push(["huge.png", Buffer.alloc(500_000, 1)]);
    const loose = (await (await upload(form(images, "loose images"))).json()) as { rejected: { name: string }[] };
    expect(loose.rejected.map((r) => r.name)).toEqual(["huge.png"]);

    // past the limits the upload ends: too many files, too many bytes
    const many: [string, Buffer][] = Array.from({ length: 60 }, (_, i) => [`m${i}.png`, Buffer.from("x")]);
    expect((await upload(form(many))).status).toBe(413);
    expect((await upload(form([["big.zip", Buffer.alloc(3_500_000, 7)]]))).status).toBe(413);
    // nothing of a refused upload or a failed import stays on disk: the two accepted uploads' folders
    expect(await readdir(uploads)).toHaveLength(2);
  }, 300_000);

  it("marks a run the server stopped during as interrupted, and resumes it from its checkpoint", async () => {
    const datasets = (await call("/api/admin/datasets")).body as unknown as { id: string }[];
    const first = await call("/api/admin/runs", "POST", {
      datasetId: datasets.at(-1)?.id,
      preset: "explicit",
      widths: [8, 8, 8, 8, 4],
      batch: 8,
      steps: 3,
    });
    const id = first.body.id as string;
    await settled(id, 180_000);
    // its chart's points, as a longer run would have them
    const history = [{ step: 1, loss: 0.5, psnr: 11, at: 1 }];
    await db.trainingRun.update({ where: { id }, data: { history: JSON.stringify(history) } });
    // as if the server had stopped while the run was training: the next start marks it interrupted
    await db.trainingRun.update({ where: { id }, data: { status: "running" } });
    expect(await new RunStore(db).interruptRunning()).toBe(1);
    expect(await runStatus(id)).toBe("interrupted");
    const resumed = await call(`/api/admin/runs/${id}/resume`, "POST");
    expect(resumed.status).toBe(202);
    expect((resumed.body.settings as { resumes: string }).resumes).toBe(id);
    // its chart goes on from the first run's history
    expect(resumed.body.history).toEqual(history);
    const next = resumed.body.id as string;
    await settled(next, 180_000);
    const run = (await call(`/api/admin/runs/${next}`)).body;
    expect(run.status, String(run.logTail)).toBe("finished");
    // it went on from the checkpoint the first run left, not from the beginning
    expect(String(run.logTail)).toMatch(/resuming at step 3/);
    expect((run.history as unknown[])[0]).toEqual(history[0]);
  }, 400_000);

  it("refuses a logged-out session's cookie on every training route", async () => {
    expect((await call("/api/admin/logout", "POST")).status).toBe(200);
    const routes: [string, string][] = [
      ["GET", "/api/admin/datasets"],
      ["POST", "/api/admin/datasets/synthetic"],
      ["POST", "/api/admin/datasets/upload"],
      ["DELETE", "/api/admin/datasets/some-set"],
      ["GET", "/api/admin/runs"],
      ["POST", "/api/admin/runs"],
      ["GET", "/api/admin/runs/some-run"],
      ["GET", "/api/admin/runs/some-run/samples.jpg"],
      ["POST", "/api/admin/runs/some-run/cancel"],
      ["POST", "/api/admin/runs/some-run/resume"],
      ["GET", "/api/admin/models/some-version/report"],
      ["POST", "/api/admin/models/some-version/report"],
    ];
    for (const [method, path] of routes) {
      const res = await call(path, method, method === "GET" ? undefined : {});
      expect([path, res.status, res.body.error]).toEqual([path, 401, expect.stringMatching(/ended: logged out/)]);
    }
  });
});
