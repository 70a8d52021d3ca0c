/// <reference lib="dom" />
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, launchBrowser, serve } from "../setup/browser.js";
import {
  copyToTemp,
  dropIndex,
  FIXTURES,
  publishFolder,
  removeDir,
  testApp,
  uniqueIndex,
  writeText,
} from "../setup/helpers.js";

// Hostile text in every kind of corpus field and in queries must never become markup or run.
const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"><svg onload="window.__xss=3">`;
const index = uniqueIndex("e2e_xss");
let browser: Browser;
let page: Page;
let server: { url: string; close(): Promise<void> };
let dir: string;
const dialogs: string[] = [];

async function poison(file: string, edit: (text: string) => string) {
  await writeText(join(dir, file), edit(await readFile(join(dir, file), "utf8")));
}

describeBrowser("hostile text in a real browser", () => {
  beforeAll(async () => {
    dir = await copyToTemp(join(FIXTURES, "corpus-basic"));
    const y = JSON.stringify(PAYLOAD);
    await poison("countries/md.md", (t) =>
      t
        .replace(
          "No Moldovan fixture provision",
          `${PAYLOAD} [click](javascript:window.__xss=4) No Moldovan fixture provision`,
        )
        .replace("aliases: [Moldova, Молдова]", `aliases: [Moldova, Молдова, ${y}]`)
        .replace("title: Fixture Law on Cybercrime", `title: ${y}`)
        .replace("authority: Fixture Prosecutor General's Office", `authority: ${y}`),
    );
    await poison("sources.md", (t) =>
      t
        .replace("title: Fixture news item", `title: ${y}`)
        .replace("publisher: Fixture News", `publisher: ${y}`),
    );
    await poison("recommendations/fixture.md", (t) =>
      t.replace(
        "## FX-01 – Provide quick freeze for foreign requests",
        `## FX-01 – Provide quick freeze ${PAYLOAD.replace(/\n/g, " ")}`,
      ),
    );
    await poison("followup/fixture.md", (t) =>
      t.replace("A draft law was tabled.", `A draft law was tabled ${PAYLOAD.replace(/\|/g, "")}.`),
    );
    await poison("meetings.md", (t) =>
      t.replace("First fixture meeting", `First ${PAYLOAD.replace(/\|/g, "")}`),
    );
    await publishFolder(dir, index);
    server = await serve((await testApp(index)).app);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dropIndex(index);
    await removeDir(dir);
  });

  async function assertInert(p: Page, path: string) {
    const injected = await p.evaluate(() => ({
      flag: (window as unknown as { __xss?: number }).__xss ?? null,
      elements: document.querySelectorAll(
        "script:not([src]), [onerror], [onload], [onclick], iframe, object, embed, svg:not(.chart)",
      ).length,
      jsLinks: [...document.querySelectorAll("a[href]")].filter((a) =>
        a.getAttribute("href")?.trim().toLowerCase().startsWith("javascript:"),
      ).length,
    }));
    expect(injected, path).toEqual({ flag: null, elements: 0, jsLinks: 0 });
  }

  it("renders hostile corpus text and queries as text on every page", async () => {
    const paths = [
      "/",
      `/search?q=${encodeURIComponent(PAYLOAD)}`,
      "/search?q=Moldovan",
      "/search?q=tabled",
      "/countries/MD",
      "/articles/29",
      "/compare?countries=GE,MD",
      "/recommendations",
      "/recommendations/FX-01",
      "/recommendations/changes?since=2015-01-01",
      "/requests/new?type=stored-data&to=MD",
      `/nowhere/${encodeURIComponent(PAYLOAD)}`,
    ];
    for (const path of paths) {
      await page.goto(server.url + path);
      await assertInert(page, path);
    }
    // The hostile text is there, shown as text.
    expect(
      await page
        .goto(`${server.url}/search?q=Moldovan`)
        .then(() => page.locator(".hits").innerText()),
    ).toContain("<img src=x");
    expect(dialogs).toEqual([]);
  });

  it("keeps hostile text typed into a request form inert in the draft", async () => {
    await page.goto(`${server.url}/requests/new?type=preservation&to=GE`);
    for (const label of [
      "Requesting authority (required)",
      "Offence under investigation (required)",
      "Summary of the facts (required)",
      "Data to be preserved (required)",
      "How the data relate to the offence (required)",
      "Custodian or location of the data (required)",
      "Why preservation is necessary (required)",
    ]) {
      await page.getByLabel(label).fill(PAYLOAD);
    }
    await page.getByRole("button", { name: "Prepare the draft" }).click();
    await page.waitForLoadState();
    await expect(page.locator(".letter").innerText()).resolves.toContain(
      "<script>window.__xss=2</script>",
    );
    await assertInert(page, "draft");
    expect(dialogs).toEqual([]);
  });
});
