import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../../facemodel/artifact/modelArtifact";
import { type Db, openDatabase } from "../../../server/db/database";
import { activateModel, registerModel } from "../../../server/db/modelVersions";
import { RoomStore } from "../../../server/db/RoomStore";
import { adminArea } from "../../helpers/adminArea";
import { createRoom, type Live, startLiveServer, tinyModels } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";
import { tinyModelVariant } from "../../helpers/tinyModel";

const PASSWORD = "correct horse battery staple";
let live: Live;
let plain: Live;
let db: Db;
let first: string;
const second = "tiny-v2b";

beforeAll(async () => {
  ({ db } = await openDatabase(`file:${join(await tempDir("admin"), "likeness.db")}`));
  const variant = await tinyModelVariant(second);
  const registry = await tinyModels({ [second]: variant });
  first = registry.model.manifest.version;
  await registerModel(db, registry.model);
  await registerModel(db, await loadModel(variant));
  await activateModel(db, first);
  live = await startLiveServer(
    {
      store: new RoomStore(db),
      admin: {
        ...(await adminArea(db, PASSWORD)),
        activate: (v) => activateModel(db, v),
      },
    },
    registry,
  );
  plain = await startLiveServer();
});
afterAll(async () => {
  await live.close();
  await plain.close();
  await db.$disconnect();
});

const call = (path: string, init: { method?: string; body?: unknown; cookie?: string; csrf?: string } = {}) =>
  fetch(`${live.server.url}${path}`, {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: {
      "content-type": "application/json",
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.csrf ? { "x-csrf-token": init.csrf } : {}),
    },
  });

describe("admin area", () => {
  it("needs a login; refuses wrong passwords and too many tries; changes need the CSRF token; audits all", async () => {
    expect((await call("/api/admin/models")).status).toBe(401);
    expect((await call(`/api/admin/models/${second}/activate`, { method: "POST" })).status).toBe(401);

    const login = await call("/api/admin/login", { method: "POST", body: { password: PASSWORD } });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(";")[0] as string;
    const { csrf } = (await login.json()) as { csrf: string };

    // four wrong passwords use the rest of the address's five tries; the next try is refused outright
    for (let i = 0; i < 4; i++)
      expect((await call("/api/admin/login", { method: "POST", body: { password: "guess" } })).status).toBe(401);
    expect((await call("/api/admin/login", { method: "POST", body: { password: PASSWORD } })).status).toBe(429);

    const models = (await (await call("/api/admin/models", { cookie })).json()) as {
      version: string;
      active: boolean;
    }[];
    expect(models.map((m) => m.version).sort()).toEqual([first, second].sort());
    expect(models.find((m) => m.active)?.version).toBe(first);

    const old = await createRoom(live);
    // a change without the session's CSRF token is refused
    expect((await call(`/api/admin/models/${second}/activate`, { method: "POST", cookie })).status).toBe(403);
    expect(
      (await call(`/api/admin/models/${second}/activate`, { method: "POST", cookie, csrf: "x".repeat(32) })).status,
    ).toBe(403);
    expect((await call(`/api/admin/models/${second}/activate`, { method: "POST", cookie, csrf })).status).toBe(200);
    // new rooms start on it at once; the old room keeps its version
    const fresh = await createRoom(live);
    const version = async (id: string) =>
      ((await (await call(`/api/rooms/${id}`)).json()) as { modelVersion: string }).modelVersion;
    expect(await version(fresh)).toBe(second);
    expect(await version(old)).toBe(first);
    expect((await db.modelVersion.findFirst({ where: { active: true } }))?.version).toBe(second);
    // a version that does not exist is refused, and the active one stays
    expect((await call("/api/admin/models/nope/activate", { method: "POST", cookie, csrf })).status).toBe(409);

    // naming components: rooms of that version show the names
    const named = await call(`/api/admin/models/${second}/names`, {
      method: "POST",
      cookie,
      csrf,
      body: { names: { "0": "face width", "1": "" } },
    });
    expect(named.status).toBe(200);
    const shown = (await (await call(`/api/rooms/${fresh}`)).json()) as { components: { label?: string }[] };
    expect(shown.components[0]?.label).toBe("face width");
    expect(
      (
        await call(`/api/admin/models/${second}/names`, {
          method: "POST",
          cookie,
          csrf,
          body: { names: { "99": "x" } },
        })
      ).status,
    ).toBe(400);

    // letting a version's decoder leave the server for its rooms' browsers, and stopping it
    const local = (v: string, allowed: unknown) =>
      call(`/api/admin/models/${v}/local-drawing`, { method: "POST", cookie, csrf, body: { allowed } });
    expect((await local(second, "yes")).status).toBe(400);
    expect((await local("nope", true)).status).toBe(404);
    expect((await local(second, true)).status).toBe(200);
    expect(live.server.models.localDrawing(second)).toBe(true);
    const listed = (await (await call("/api/admin/models", { cookie })).json()) as {
      version: string;
      localDrawing: boolean;
    }[];
    expect(listed.find((m) => m.version === second)?.localDrawing).toBe(true);
    expect(((await (await call(`/api/rooms/${fresh}`)).json()) as { localDrawing: boolean }).localDrawing).toBe(true);
    expect((await local(second, false)).status).toBe(200);
    expect(live.server.models.localDrawing(second)).toBe(false);

    // deleting: not the active version, not one a room uses, not the shipped one; an unused one goes
    const third = "tiny-v3-unused";
    await registerModel(db, await loadModel(await tinyModelVariant(third)));
    const del = (v: string) => call(`/api/admin/models/${v}`, { method: "DELETE", cookie, csrf });
    expect(await (await del(second)).json()).toMatchObject({ error: expect.stringMatching(/active version/) });
    expect(await (await del(first)).json()).toMatchObject({ error: expect.stringMatching(/room\(s\) use it/) });
    expect((await del(third)).status).toBe(200);
    expect((await del(third)).status).toBe(404);
    const left = (await (await call("/api/admin/models", { cookie })).json()) as { version: string }[];
    expect(left.map((m) => m.version).sort()).toEqual([first, second].sort());

    const audit = (await (await call("/api/admin/audit", { cookie })).json()) as { action: string }[];
    const actions = audit.map((a) => a.action);
    expect(actions).toContain("login");
    expect(actions.filter((a) => a === "login refused")).toHaveLength(4);
    expect(actions).toContain("activate");
    expect(actions).toContain("activate refused");
    expect(actions).toContain("model deleted");
    expect(actions).toContain("local drawing allowed");
    expect(actions).toContain("local drawing stopped");

    expect((await call("/api/admin/logout", { method: "POST", cookie, csrf })).status).toBe(200);
  });

  it("is off without ADMIN_PASSWORD, and says how to turn it on", async () => {
    const res = await fetch(`${plain.server.url}/api/admin/session`);
    expect(((await res.json()) as { enabled: boolean }).enabled).toBe(false);
    expect((await fetch(`${plain.server.url}/api/admin/models`)).status).toBe(404);
  });
});
