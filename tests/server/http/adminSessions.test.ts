import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adoptEnvPassword } from "../../../server/admin/adminConfig";
import { AdminSessionStore } from "../../../server/db/AdminSessionStore";
import { type Db, openDatabase } from "../../../server/db/database";
import { activateModel, registerModel } from "../../../server/db/modelVersions";
import { RoomStore } from "../../../server/db/RoomStore";
import { adminArea } from "../../helpers/adminArea";
import { type Live, startLiveServer, tinyModels } from "../../helpers/liveServer";
import { tempDir } from "../../helpers/tinyDataset";

const PASSWORD = "correct horse battery staple";
let db: Db;
const servers: Live[] = [];
const dbs: Db[] = [];

afterAll(async () => {
  for (const s of servers) await s.close();
  for (const d of dbs) await d.$disconnect();
});

/** A server with the admin area on a database of its own. */
async function serve(config: Parameters<typeof adminArea>[2] = {}) {
  ({ db } = await openDatabase(`file:${join(await tempDir("admin-sessions"), "likeness.db")}`));
  dbs.push(db);
  const registry = await tinyModels();
  await registerModel(db, registry.model);
  await activateModel(db, registry.model.manifest.version);
  const live = await startLiveServer(
    {
      store: new RoomStore(db),
      admin: { ...(await adminArea(db, PASSWORD, config)), activate: (v) => activateModel(db, v) },
      // the tests speak for several clients through X-Forwarded-For
      trustProxy: ["loopback"],
    },
    registry,
  );
  servers.push(live);
  return live.server.url;
}

interface Client {
  address: string;
  /** cookie name → value, as a browser keeps them */
  jar: Map<string, string>;
  csrf?: string;
}
const client = (address: string): Client => ({ address, jar: new Map() });

async function call(
  url: string,
  c: Client,
  path: string,
  init: { method?: string; body?: unknown; poll?: boolean } = {},
) {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": c.address,
      cookie: [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      ...(c.csrf ? { "x-csrf-token": c.csrf } : {}),
      ...(init.poll ? { "x-likeness-poll": "1" } : {}),
    },
  });
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const [name = "", value = ""] = pair.split("=");
    if (/Max-Age=0/i.test(line)) c.jar.delete(name);
    else c.jar.set(name, value);
  }
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body };
}

async function login(url: string, c: Client, password = PASSWORD) {
  const res = await call(url, c, "/api/admin/login", { method: "POST", body: { password } });
  if (res.status === 200) c.csrf = res.body.csrf as string;
  return res;
}

/** Every admin route a session opens, with a body it would take. */
const ROUTES: [string, string, unknown?][] = [
  ["GET", "/api/admin/models"],
  ["GET", "/api/admin/audit"],
  ["GET", "/api/admin/sessions"],
  ["POST", "/api/admin/models/nope/activate"],
  ["POST", "/api/admin/models/nope/names", { names: {} }],
  ["DELETE", "/api/admin/models/nope"],
  ["POST", "/api/admin/logout"],
  ["POST", "/api/admin/sessions/end-all"],
  ["POST", "/api/admin/password", { current: PASSWORD, next: "another long password" }],
];
async function refusedEverywhere(url: string, token: string, why: RegExp) {
  for (const [method, path, body] of ROUTES) {
    // each refusal clears the cookie in the jar: the thief sends it again
    const thief: Client = { address: "10.9.9.9", jar: new Map([["likeness-admin", token]]), csrf: "stolen" };
    const res = await call(url, thief, path, { method, body });
    expect([path, res.status]).toEqual([path, 401]);
    expect(res.body.error).toMatch(why);
  }
}
const loggedIn = async (url: string) => {
  const c = client("10.0.0.99");
  expect((await login(url, c)).status).toBe(200);
  return c;
};
const auditActions = async (url: string, c: Client) =>
  ((await call(url, c, "/api/admin/audit")).body as unknown as { action: string; detail: string }[]).map(
    (a) => `${a.action}: ${a.detail}`,
  );

describe("admin sessions", () => {
  it("ends a session at logout: its cookie, kept, is refused on every admin route", async () => {
    const url = await serve();
    const admin = client("10.0.0.1");
    expect((await login(url, admin)).status).toBe(200);
    const token = admin.jar.get("likeness-admin") ?? "";
    const thief: Client = { address: "10.9.9.9", jar: new Map([["likeness-admin", token]]) };
    expect((await call(url, thief, "/api/admin/models")).status).toBe(200);

    expect((await call(url, admin, "/api/admin/logout", { method: "POST" })).status).toBe(200);
    expect(admin.jar.has("likeness-admin")).toBe(false);
    const session = await call(url, thief, "/api/admin/session");
    expect(session.body).toMatchObject({ loggedIn: false, ended: expect.stringMatching(/logged out/) });
    await refusedEverywhere(url, token, /ended: logged out/);
    // a cookie the server never issued is refused the same way
    await refusedEverywhere(url, "x".repeat(43), /unknown to the server/);
    const audit = await auditActions(url, await loggedIn(url));
    expect(audit.filter((a) => a.startsWith("session refused"))).toHaveLength(2);
  });

  it("logs out everywhere, and a password change ends every other session", async () => {
    const url = await serve();
    const [a, b, c] = [client("10.0.1.1"), client("10.0.1.2"), client("10.0.1.3")];
    for (const x of [a, b]) expect((await login(url, x)).status).toBe(200);
    const listed = (await call(url, a, "/api/admin/sessions")).body as unknown as { current: boolean }[];
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.filter((s) => s.current)).toHaveLength(1);

    expect((await call(url, b, "/api/admin/sessions/end-all", { method: "POST" })).body).toMatchObject({ ended: 2 });
    expect((await call(url, a, "/api/admin/models")).body.error).toMatch(/logged out everywhere/);
    expect((await call(url, b, "/api/admin/models")).status).toBe(401);

    for (const x of [a, b]) expect((await login(url, x)).status).toBe(200);
    const change = (body: unknown) => call(url, a, "/api/admin/password", { method: "POST", body });
    expect((await change({ current: "wrong password", next: "a brand new password" })).status).toBe(403);
    expect((await change({ current: PASSWORD, next: "short" })).body.error).toMatch(/12 characters/);
    expect((await change({ current: PASSWORD, next: "a brand new password" })).body).toMatchObject({ ended: 1 });
    expect((await call(url, a, "/api/admin/models")).status).toBe(200);
    expect((await call(url, b, "/api/admin/models")).body.error).toMatch(/password was changed/);
    expect((await login(url, c)).status).toBe(401);
    expect((await login(url, c, "a brand new password")).status).toBe(200);

    // a restart with the same ADMIN_PASSWORD keeps the admin's change; a new ADMIN_PASSWORD resets it
    const sessions = new AdminSessionStore(db);
    expect(await adoptEnvPassword(sessions, PASSWORD)).toBe(false);
    expect((await call(url, c, "/api/admin/models")).status).toBe(200);
    expect(await adoptEnvPassword(sessions, "the operator's reset password")).toBe(true);
    expect((await call(url, c, "/api/admin/models")).status).toBe(401);
    expect((await login(url, c, "the operator's reset password")).status).toBe(200);
    await adoptEnvPassword(sessions, PASSWORD);
  });

  it("ends a session left idle; the page's timed refreshes do not keep it open, use does", async () => {
    const url = await serve({ idleMs: 1500 });
    const used = client("10.0.2.1");
    const polled = client("10.0.2.2");
    for (const x of [used, polled]) expect((await login(url, x)).status).toBe(200);
    const refusals: string[] = [];
    for (let t = 0; t < 10; t++) {
      expect((await call(url, used, "/api/admin/models")).status).toBe(200);
      const res = await call(url, polled, "/api/admin/models", { poll: true });
      if (res.status !== 200) refusals.push(res.body.error as string);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await call(url, used, "/api/admin/models")).status).toBe(200);
    expect(refusals[0]).toMatch(/expired after 1.5 s without use; log in again/);
    expect(refusals.at(-1)).toMatch(/log in to the admin area first/);
  });

  it("lets a known browser in while a guesser shares its address or spreads over many; audits every try", async () => {
    const url = await serve({ refusalWindowMs: 300 });
    const admin = client("10.0.3.1");
    expect((await login(url, admin)).status).toBe(200);
    expect(admin.jar.has("likeness-admin-device")).toBe(true);

    // a guesser behind the admin's address: the address's other 4 tries, wrong, then limited 3 times
    const neighbour = client("10.0.3.1");
    for (let i = 0; i < 4; i++) expect((await login(url, neighbour, `guess ${i}`)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await login(url, neighbour, PASSWORD)).status).toBe(429);
    // one more wrong try from elsewhere: 5 in a row, and the account backs off for unknown browsers
    expect((await login(url, client("10.0.4.1"), "guess 5")).status).toBe(401);
    const elsewhere = await login(url, client("10.0.4.2"), PASSWORD);
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body.error).toMatch(/wrong passwords in a row/);
    // the admin's own browser still gets in
    const again = await login(url, { ...admin, jar: new Map(admin.jar) });
    expect(again.status).toBe(200);

    await new Promise((r) => setTimeout(r, 500));
    const audit = await auditActions(url, admin);
    expect(audit.filter((a) => a.startsWith("login refused"))).toHaveLength(5);
    const limited = audit.filter((a) => a.startsWith("login limited"));
    // the first limited try at once; the other two counted when the window closed; the backoff's own
    expect(limited.some((a) => /2 more in the/.test(a))).toBe(true);
    expect(limited.some((a) => /wrong passwords in a row/.test(a))).toBe(true);
  });
});
