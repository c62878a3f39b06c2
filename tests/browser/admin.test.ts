import { join } from "node:path";
import AdmZip from "adm-zip";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../facemodel/artifact/modelArtifact";
import { openDatabase } from "../../server/db/database";
import { registerModel } from "../../server/db/modelVersions";
import { ARTIFACTS, launchChromium } from "../helpers/browser";
import { type ProductServer, startProduct } from "../helpers/productServer";
import { tempDir } from "../helpers/tinyDataset";
import { tinyModelDir, tinyModelVariant } from "../helpers/tinyModel";

const VARIANT = "tiny-admin-v2";
let server: ProductServer;
let browser: Browser;

beforeAll(async () => {
  const url = `file:${join(await tempDir("admin-db"), "likeness.db")}`;
  // a second version, registered as a finished training run would register it
  const { db } = await openDatabase(url);
  await registerModel(db, await loadModel(await tinyModelVariant(VARIANT)));
  await db.$disconnect();
  server = await startProduct({
    LIKENESS_MODEL: await tinyModelDir(),
    DATABASE_URL: url,
    ADMIN_PASSWORD: "open sesame, twice",
    LIKENESS_DATA: await tempDir("admin-data"),
  });
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the admin area in a browser", () => {
  it("logs in, activates a version, uploads a zip, follows a run's chart and samples, cancels it, writes a report", async () => {
    // a room made before the switch of versions
    const old = await (await browser.newContext()).newPage();
    await old.goto(server.url);
    await old.click("text=Create a room");
    await old.waitForURL(/\/rooms\//);
    await old.waitForSelector("text=model tiny-v1");
    const oldUrl = old.url();

    const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
    await page.goto(`${server.url}/admin`);
    await page.fill("#admin-password", "wrong");
    await page.click("text=Log in");
    await page.waitForSelector("text=wrong password");
    await page.fill("#admin-password", "open sesame, twice");
    await page.click("text=Log in");
    await page.waitForSelector(`tr[data-version="${VARIANT}"]`);
    await page.click(`tr[data-version="${VARIANT}"] >> text=Activate`);
    await page.waitForSelector(`tr[data-version="${VARIANT}"] >> text=active: new rooms use it`);
    await page.waitForSelector("text=activate");
    await page.screenshot({ path: join(ARTIFACTS, "admin-models.png"), fullPage: true });

    // an uploaded zip of portraits, then a quick run: its progress and chart move, and it can be cancelled
    const zip = new AdmZip();
    for (let i = 0; i < 16; i++)
      zip.addFile(
        `p${i}.png`,
        await sharp(Buffer.alloc(144 * 192 * 3, i * 15), { raw: { width: 144, height: 192, channels: 3 } })
          .png()
          .toBuffer(),
      );
    zip.addFile("readme.txt", Buffer.from("notes"));
    const file = join(await tempDir("upload"), "portraits.zip");
    zip.writeZip(file);
    await page.fill('input[aria-label="Dataset name"]', "Uploaded portraits");
    await page.setInputFiles('input[type="file"]', file);
    await page.click("text=Upload portraits");
    await page.waitForSelector("text=Uploaded portraits: 16 portraits (upload)", { timeout: 120_000 });
    await page.click("text=Start training");
    await page.waitForSelector('article[data-status="running"] progress', { timeout: 60_000 });
    await page.waitForSelector('article[data-status="running"] [aria-label^="Loss and PSNR"] canvas', {
      timeout: 120_000,
    });
    // reconstruction samples appear after the run's first evaluation, and load
    const samples = await page.waitForSelector('article[data-status="running"] .run-samples img', { timeout: 120_000 });
    await page.waitForFunction((img) => (img as HTMLImageElement).naturalWidth > 0, samples);
    await page.screenshot({ path: join(ARTIFACTS, "admin-training.png"), fullPage: true });
    await page.click('article[data-status="running"] >> text=Cancel');
    await page.waitForSelector('article[data-status="cancelled"]', { timeout: 60_000 });

    const room = await (await browser.newContext()).newPage();
    await room.goto(server.url);
    await room.click("text=Create a room");
    await room.waitForURL(/\/rooms\//);
    await room.waitForSelector(`text=model ${VARIANT}`);
    expect(await room.textContent("[role=status]")).toContain(VARIANT);

    // the old room keeps its version until someone switches it: its face is re-projected
    await old.goto(oldUrl);
    await old.click(`text=Switch to ${VARIANT}`);
    await old.waitForSelector("text=the face came across at");
    await old.screenshot({ path: join(ARTIFACTS, "room-switched-model.png") });
    await old.waitForSelector(`[role=status]:has-text("model ${VARIANT}")`, { timeout: 30_000 });

    // a version without a report gets one from a report run; its link opens it
    await page.click(`tr[data-version="${VARIANT}"] >> text=Write report`);
    const link = await page.waitForSelector(`tr[data-version="${VARIANT}"] >> text=Model report`, { timeout: 120_000 });
    const report = await page.request.get(`${server.url}${await link.getAttribute("href")}`);
    expect(await report.text()).toContain("<html");
  }, 400_000);

  it("fits a phone: the admin page scrolls down, never sideways", async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
    await phone.goto(`${server.url}/admin`);
    await phone.fill("#admin-password", "open sesame, twice");
    await phone.click("text=Log in");
    await phone.waitForSelector(`tr[data-version="${VARIANT}"]`);
    await phone.waitForSelector('article[data-status="cancelled"] canvas');
    await phone.screenshot({ path: join(ARTIFACTS, "admin-phone.png"), fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 120_000);

  it("ends sessions: a password change logs the other browser out, log out everywhere this one", async () => {
    const login = async (password: string) => {
      const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
      await page.goto(`${server.url}/admin`);
      await page.fill("#admin-password", password);
      await page.click("text=Log in");
      await page.waitForSelector("text=Log out everywhere");
      return page;
    };
    const here = await login("open sesame, twice");
    const there = await login("open sesame, twice");
    await here.reload();
    await here.waitForSelector('table.sessions tr[data-current="true"]');
    expect(await here.locator("table.sessions tbody tr").count()).toBeGreaterThanOrEqual(2);

    await here.fill('input[aria-label="Current password"]', "open sesame, twice");
    await here.fill('input[aria-label="New password"]', "a longer password, changed");
    await here.fill('input[aria-label="Repeat the new password"]', "a longer password, changed");
    await here.click("text=Change password");
    await here.waitForSelector("text=/Password changed; [1-9]\\d* other session\\(s\\) ended/");
    await here.screenshot({ path: join(ARTIFACTS, "admin-sessions.png"), fullPage: true });
    // the other browser's next refresh finds its session over and says why
    await there.waitForSelector("#admin-password", { timeout: 10_000 });
    await there.waitForSelector("text=/password was changed; log in again/");

    await here.click("text=Log out everywhere");
    await here.waitForSelector("text=/Logged out everywhere: [1-9]\\d* session\\(s\\) ended/");
    await here.waitForSelector("#admin-password");
    const again = await login("a longer password, changed");
    await again.waitForSelector('table.sessions tr[data-current="true"]');
    expect(await again.locator("table.sessions tbody tr").count()).toBe(1);
  }, 120_000);
});
