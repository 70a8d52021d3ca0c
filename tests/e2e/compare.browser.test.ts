/// <reference lib="dom" />
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousViolations, serve, SCREENSHOTS } from "../setup/browser.js";
import { dropIndex, publishFolder, REAL_CORPUS, testApp, uniqueIndex } from "../setup/helpers.js";

const index = uniqueIndex("e2e_compare");
let browser: Browser;
let page: Page;
let server: { url: string; close(): Promise<void> };
const shots = new URL("compare/", SCREENSHOTS).pathname;

describeBrowser("the comparison page in a real browser", () => {
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

  it("prints on A4 landscape with the header row on each page, no navigation, and the URL and date", async () => {
    await page.goto(`${server.url}/compare?countries=AM,AZ,BY,GE,MD,UA&articles=23-35`);
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 1123, height: 794 });
    await expect(page.locator(".site-header nav").isVisible()).resolves.toBe(false);
    await expect(page.locator(".compare-actions").isVisible()).resolves.toBe(false);
    await expect(page.locator(".pickers").isVisible()).resolves.toBe(false);
    const printed = page.locator(".print-only");
    await expect(printed.isVisible()).resolves.toBe(true);
    await expect(printed.innerText()).resolves.toMatch(/^Printed from http:\/\/kb\.test\/compare\?countries=AM,AZ,BY,GE,MD,UA&articles=23-35 on \d{1,2} \w+ \d{4}\.$/);
    await expect(page.locator(".matrix thead").evaluate((el) => getComputedStyle(el).display)).resolves.toBe("table-header-group");
    await page.screenshot({ path: `${shots}print.png`, fullPage: true });
    const pdf = await page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // Several pages, each A4 landscape (842 × 595 points).
    const text = pdf.toString("latin1");
    expect((text.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(1);
    expect(text).toMatch(/\/MediaBox\s*\[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
    await page.emulateMedia({ media: "screen" });
  });

  it("lets the user pick countries and articles with the form, and narrow to differing rows", async () => {
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${server.url}/compare`);
    await page.locator(".pickers summary").click();
    await page.getByLabel("Armenia").uncheck();
    await page.getByLabel("Azerbaijan").uncheck();
    await page.getByLabel("Belarus").uncheck();
    await page.getByLabel("Only rows where countries differ").check();
    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/diff=1/);
    const headers = await page.locator(".matrix thead th").allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(["Article", "Georgia", "Republic of Moldova", "Ukraine"]);
    for (const row of await page.locator(".matrix tbody tr").all()) {
      const statuses = await row.locator("td").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-status")));
      expect(new Set(statuses).size).toBeGreaterThan(1);
    }
    await page.screenshot({ path: `${shots}diff.png`, fullPage: true });
  });

  it("has no serious or critical accessibility violations", async () => {
    for (const path of ["/compare", "/compare?countries=GE,UA&articles=29-35&diff=1", "/compare?articles=0"]) {
      await page.goto(server.url + path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});
