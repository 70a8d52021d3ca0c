/// <reference lib="dom" />
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, seriousViolations, serve, SCREENSHOTS } from "../setup/browser.js";
import { dropIndex, publishFolder, REAL_CORPUS, testApp, uniqueIndex } from "../setup/helpers.js";

const index = uniqueIndex("e2e_requests");
let browser: Browser;
let page: Page;
let server: { url: string; close(): Promise<void> };
const shots = new URL("requests/", SCREENSHOTS).pathname;

describeBrowser("request drafts in a real browser", () => {
  beforeAll(async () => {
    await publishFolder(REAL_CORPUS, index);
    server = await serve((await testApp(index)).app);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dropIndex(index);
  });

  it("chooses a type and a country, keeps what was typed through an error, and produces the draft", async () => {
    await page.goto(`${server.url}/requests/new`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Request for expedited preservation of stored computer data (Art. 29)").check();
    await page.getByLabel("Requested country").selectOption("UA");
    await page.getByRole("button", { name: "Start the draft" }).click();
    await page.waitForURL(/type=preservation&to=UA/);
    await expect(page.locator("#f-addressee").inputValue()).resolves.toBe("Ministry of Internal Affairs of Ukraine");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Requesting authority (required)").fill("Prosecutor's Office of Exampleland");
    await page.getByLabel("Data to be preserved (required)").fill("Traffic data of account example-7 for 1–5 March 2026");
    await page.getByRole("button", { name: "Prepare the draft" }).click();
    await page.waitForLoadState();
    // The summary takes the focus; the typed values are still there.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("error-summary");
    await expect(page.locator("#error-summary").innerText()).resolves.toContain("2 fields need attention");
    await expect(page.locator("#f-data").inputValue()).resolves.toBe("Traffic data of account example-7 for 1–5 March 2026");
    await expect(page.locator("#f-authority_name").inputValue()).resolves.toBe("Prosecutor's Office of Exampleland");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}errors.png`, fullPage: true });

    await page.locator("#error-summary a", { hasText: "Offence under investigation" }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-offence");
    await page.keyboard.type("Computer-related fraud");
    await page.getByLabel("Summary of the facts (required)").fill("Accounts were taken over between 1 and 5 March 2026.");
    await page.getByRole("button", { name: "Prepare the draft" }).click();
    await page.waitForLoadState();
    await expect(page.locator(".letter h1").innerText()).resolves.toBe("Request for expedited preservation of stored computer data (Art. 29)");
    await expect(page.locator(".letter-to").innerText()).resolves.toBe("To: Ministry of Internal Affairs of Ukraine, Ukraine");
    await expect(page.locator(".draft-missing").innerText()).resolves.toContain("Custodian or location of the data (Art. 29(2)(d))");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}draft.png`, fullPage: true });

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download as Markdown" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("preservation-request-UA.md");

    await page.getByRole("button", { name: "Edit the form" }).click();
    await page.waitForLoadState();
    await expect(page.locator("#f-offence").inputValue()).resolves.toBe("Computer-related fraud");
  });

  it("prints the draft without the site's navigation and buttons", async () => {
    await page.goto(`${server.url}/requests/new?type=stored-data&to=GE`);
    await page.getByLabel("Requesting authority (required)").fill("Office X");
    await page.getByLabel("Offence under investigation (required)").fill("Illegal access");
    await page.getByLabel("Summary of the facts (required)").fill("Facts.");
    await page.getByLabel("Data sought (required)").fill("Subscriber information.");
    await page.getByRole("button", { name: "Prepare the draft" }).click();
    await page.waitForLoadState();
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".draft-actions").isVisible()).resolves.toBe(false);
    await expect(page.locator(".site-header nav").isVisible()).resolves.toBe(false);
    await expect(page.locator(".letter").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${shots}draft-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
  });
});
