import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RecordExport, verifyRecord } from "../../server/record/recordChain";
import { ARTIFACTS, launchChromium } from "../helpers/browser";
import { type ProductServer, startProduct } from "../helpers/productServer";
import { tempDir } from "../helpers/tinyDataset";
import { tinyModelDir } from "../helpers/tinyModel";

let server: ProductServer;
let browser: Browser;

beforeAll(async () => {
  server = await startProduct({
    LIKENESS_MODEL: await tinyModelDir(),
    DATABASE_URL: `file:${join(await tempDir("witness-db"), "likeness.db")}`,
  });
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

describe("witness and artist in two browsers", () => {
  it("the artist locks a slider, blurs and offers the array; the witness picks three rounds and moves a scale; the record verifies", async () => {
    const artist = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await artist.goto(server.url);
    await artist.fill("#room-name", "Composite 7");
    await artist.click("text=Create a room");
    await artist.waitForURL(/\/rooms\/[A-Za-z0-9_-]{22}\?k=/);
    await artist.waitForSelector('[data-connection="connected"][data-ready="true"]');

    // a new room is a plain co-editing room: no set-up controls until the artist opens them
    expect(await artist.locator('button[aria-label="Lock slider 1"]').count()).toBe(0);
    expect(await artist.locator("text=Create witness link").count()).toBe(0);
    await shot(artist, "room-plain.png");
    await artist.click("text=Set up a witness session…");
    await artist.click("text=Create witness link");
    const witnessUrl = await artist.inputValue('input[aria-label="New witness link"]');
    expect(witnessUrl).toMatch(/\?k=[A-Za-z0-9_-]{22}$/);
    // a view-only link created next does not hide the witness link not yet copied
    await artist.click("text=Create view-only link");
    await artist.waitForSelector('input[aria-label="New viewer link"]');
    expect(await artist.inputValue('input[aria-label="New witness link"]')).toBe(witnessUrl);
    await artist.click('button[aria-label="Lock slider 1"]');
    await artist.fill('input[aria-label="Name of slider 2"]', "Face width");
    await artist.press('input[aria-label="Name of slider 2"]', "Enter");
    await artist.check("text=Offer the witness the face array");
    // each setting on a line of its own, the blur list named by the words shown beside it
    const offer = await artist.locator("label", { hasText: "Offer the witness the face array" }).boundingBox();
    const blurList = artist.getByLabel("Blur hair, ears and background", { exact: true });
    const blurLabel = await artist.locator("label", { hasText: "Blur hair, ears and background" }).boundingBox();
    expect(await blurList.evaluate((e) => e.tagName)).toBe("SELECT");
    expect((blurLabel?.y ?? 0) >= (offer?.y ?? 0) + (offer?.height ?? 0)).toBe(true);
    await blurList.selectOption("witness");
    await artist.waitForSelector('button[aria-label="Unlock slider 1"]');

    // the witness on a tablet
    const witness = await (await browser.newContext({ viewport: { width: 820, height: 1180 } })).newPage();
    await witness.goto(witnessUrl);
    await witness.waitForSelector("text=Help build the face");
    // plain words: the slider is named as the artist named it; the locked one cannot be moved
    await witness.waitForSelector('input[aria-label="Face width"]');
    expect(await witness.isDisabled('input[aria-label="Feature 1"]')).toBe(true);
    // and says why
    await witness.waitForSelector("text=held by the artist");
    expect(await witness.isDisabled('input[aria-label="Face width"]')).toBe(false);
    // no artist tools for the witness
    expect(await witness.locator("text=Create witness link").count()).toBe(0);

    await witness.click("text=Show me faces to choose from");
    for (let round = 1; round <= 3; round++) {
      await witness.waitForSelector(`text=Round ${round} ·`);
      await expect.poll(() => witness.locator(".array-face img").count(), { timeout: 10_000 }).toBe(9);
      expect(await witness.textContent('[data-testid="faces-shown"]')).toContain(`Faces shown so far: ${round * 9}`);
      if (round === 1) {
        // three faces ticked in order, the first most like the person
        for (const face of [1, 5, 9]) await witness.click(`button[aria-label^="Face ${face}"]`);
        await witness.waitForSelector('button[aria-label="Face 9, ticked 3rd"]');
        await shot(witness, "witness-array.png");
        await witness.click("text=Use these 3");
      } else {
        await witness.click(`button[aria-label="Face ${round + 2}"]`);
        await witness.click("text=Use this face");
      }
    }
    await witness.waitForSelector("text=Round 4 ·");
    // a witness who reopens the link finds the same round, and no faces counted twice
    await witness.reload();
    await witness.waitForSelector("text=Round 4 ·");
    expect(await witness.textContent('[data-testid="faces-shown"]')).toContain("Faces shown so far: 36");
    // the artist sees the same array live
    await artist.waitForSelector("text=Round 4 ·");
    await shot(artist, "artist-session.png");
    await shot(witness, "witness-after-picks.png");

    // a holistic scale offered to the witness: one move shifts many sliders at once
    await artist.check('input[aria-label="Offer skin tone (darker – lighter) to the witness"]');
    const skin = witness.getByLabel("skin tone (darker – lighter)", { exact: true });
    await skin.waitFor();
    const position = async () => Number(await artist.textContent('output[for="scale-skinLuma"]'));
    const before = await position();
    await skin.fill((before < 0 ? before + 1 : before - 1).toFixed(2));
    await expect.poll(async () => Math.abs((await position()) - before), { timeout: 10_000 }).toBeGreaterThan(0.5);
    // the round on screen was drawn around the face before: it says so, and offers faces around this one
    await witness.waitForSelector("text=The face has changed since these were drawn.");
    await shot(witness, "witness-scale.png");

    // the record: every round and pick, its chain intact
    const key = new URL(artist.url()).searchParams.get("k");
    const roomId = new URL(artist.url()).pathname.split("/").pop();
    const res = await artist.request.get(`${server.url}/api/rooms/${roomId}/record.json?k=${key}`);
    expect(res.status()).toBe(200);
    const record = (await res.json()) as RecordExport;
    expect(record.entries.filter((e) => e.kind === "array:pick")).toHaveLength(3);
    const firstPick = record.entries.find((e) => e.kind === "array:pick");
    expect((firstPick?.data as { picks?: number[] } | undefined)?.picks).toEqual([0, 4, 8]);
    expect(record.entries.filter((e) => e.kind === "array:shown")).toHaveLength(4);
    const witnessMoves = record.entries
      .filter((e) => e.kind === "change" && e.role === "witness")
      .map((e) => (e.data as { moved: unknown[] }).moved.length);
    // two sliders a pick, every unlocked one for the scale's move
    expect(witnessMoves.some((n) => n > 2)).toBe(true);
    expect(verifyRecord(record)).toBeNull();

    // two snapshots side by side, a morph between them saved as a third
    await artist.fill('input[aria-label="Snapshot name"]', "After the array");
    await artist.click("text=Save snapshot");
    await artist.waitForSelector('li[data-snapshot="After the array"]');
    await artist.click("text=Randomize");
    await artist.waitForTimeout(500);
    await artist.fill('input[aria-label="Snapshot name"]', "Second version");
    await artist.click("text=Save snapshot");
    await artist.waitForSelector('li[data-snapshot="Second version"]');
    await artist.check('input[aria-label="Compare snapshot After the array"]');
    await artist.check('input[aria-label="Compare snapshot Second version"]');
    await artist.waitForSelector('img[data-morph="50"]');
    await artist.fill('input[aria-label="Morph between the two snapshots"]', "0.3");
    await artist.waitForSelector('img[data-morph="30"]');
    await shot(artist, "artist-compare.png");
    await artist.click("text=Save the morph as a snapshot");
    await artist.waitForSelector('li[data-snapshot^="Morph: 70% After the array, 30% Second version"]');

    // the printable report: the final face, the snapshots, every face shown, the timeline and the hash
    // opened for printing from the artist's panel
    const [report] = await Promise.all([artist.waitForEvent("popup"), artist.click("text=Print the session record")]);
    expect(report.url()).toBe(`${server.url}/api/rooms/${roomId}/record.html?k=${key}`);
    await report.waitForSelector("text=Every face shown to the witness");
    expect(await report.locator(".round figure img").count()).toBe(36);
    expect(await report.locator(".snapshots figure img").count()).toBe(3);
    const latest = (await (
      await artist.request.get(`${server.url}/api/rooms/${roomId}/record.json?k=${key}`)
    ).json()) as RecordExport;
    expect(await report.textContent("body")).toContain(latest.finalHash);
    await report.screenshot({ path: join(ARTIFACTS, "session-report.png"), fullPage: true });

    // a room set up for a witness opens with its set-up showing
    await artist.reload();
    await artist.waitForSelector('button[aria-label="Unlock slider 1"]');
    expect(await artist.getAttribute("button.setup-toggle", "aria-expanded")).toBe("true");
    await shot(artist, "room-witness-setup.png");

    // on a phone the face stays in view while the witness chooses among the faces below it
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(witnessUrl);
    await phone.waitForSelector(".array-face img");
    await phone.locator(".array-face").last().scrollIntoViewIfNeeded();
    const face = await phone.locator("img.face").boundingBox();
    expect(face && face.y >= -1 && face.y + face.height <= 844).toBe(true);
    await shot(phone, "witness-phone.png");
  });
});
