/// <reference lib="dom" />
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousViolations, serve, SCREENSHOTS } from "../setup/browser.js";
import { dropIndex, publishFolder, REAL_CORPUS, testApp, uniqueIndex } from "../setup/helpers.js";

const index = uniqueIndex("e2e_recs");
let browser: Browser;
let page: Page;
let server: { url: string; close(): Promise<void> };
const shots = new URL("recommendations/", SCREENSHOTS).pathname;

describeBrowser("the recommendation tracker in a real browser", () => {
  beforeAll(async () => {
    await publishFolder(REAL_CORPUS, index);
    server = await serve((await testApp(index)).app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dropIndex(index);
  });

  it("picks a working-group meeting and marks what changed since", async () => {
    await page.goto(`${server.url}/recommendations`);
    const meetings = await page.locator("#meeting option").allInnerTexts();
    expect(meetings.some((m) => m.startsWith("Bucharest, 9 September 2015 – 11 September 2015"))).toBe(true);
    await page.locator("#meeting").selectOption({ label: meetings.find((m) => m.startsWith("Bucharest"))! });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/meeting=/);
    await expect(page.locator(".notice").innerText()).resolves.toContain("dated after 11 September 2015");
    expect(await page.locator(".flag-changed").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}tracker.png`, fullPage: true });
    await page.getByRole("link", { name: /List every change since 11 September 2015/ }).click();
    await page.waitForURL(/\/recommendations\/changes/);
    await expect(page.locator("h1").innerText()).resolves.toBe("Changes since 11 September 2015");
    await page.screenshot({ path: `${shots}changes.png`, fullPage: true });
  });

  it("opens a recommendation's history from its cell", async () => {
    await page.goto(`${server.url}/recommendations?country=MD`);
    await page.locator('tr#rec-KB-MLA-04 td[data-country="MD"] a').click();
    await page.waitForURL(/\/recommendations\/KB-MLA-04#MD$/);
    await expect(page.locator("#MD .timeline li").count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}history.png`, fullPage: true });
  });

  it("has no serious or critical accessibility violations", async () => {
    for (const path of ["/recommendations", "/recommendations?since=2022-01-01&country=GE&country=UA", "/recommendations?overdue=1", "/recommendations/KB-MLA-04", "/recommendations/changes", "/recommendations/changes?since=2015-01-01", "/recommendations?since=2026-02-30"]) {
      await page.goto(server.url + path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});
