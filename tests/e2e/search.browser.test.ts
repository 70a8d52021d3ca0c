/// <reference lib="dom" />
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousViolations, serve, SCREENSHOTS } from "../setup/browser.js";
import { dropIndex, FIXTURES, publishFolder, testApp, uniqueIndex } from "../setup/helpers.js";

const index = uniqueIndex("e2e_search");
let browser: Browser;
let page: Page;
let server: { url: string; close(): Promise<void> };
const shots = new URL("foundation/", SCREENSHOTS);

describeBrowser("searching in a real browser", () => {
  beforeAll(async () => {
    await publishFolder(join(FIXTURES, "corpus-basic"), index);
    const { app } = await testApp(index);
    server = await serve(app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dropIndex(index);
  });

  it("loads the home page, searches, and lists results", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(server.url + "/");
    await expect(page.title()).resolves.toContain("EaP Cyber-MLA Knowledge Base");
    await page.getByLabel("Search provisions, analyses and recommendations").fill("quick freeze");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=quick\+freeze/);
    const titles = await page.locator(".hit-title").allInnerTexts();
    expect(titles).toContain("Georgia: Article 29 – Expedited preservation of stored computer data");
    await expect(page.locator("#results-title").innerText()).resolves.toMatch(/^1–\d+ of \d+ results? for “quick freeze”$/);
    await page.screenshot({ path: join(shots.pathname, "search.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("has no serious or critical accessibility violations on the home and search pages", async () => {
    for (const path of ["/", "/search?q=quick+freeze", "/search?q=nothing-matches-this"]) {
      await page.goto(server.url + path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});
