/// <reference lib="dom" />
import { join } from "node:path";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { FIXTURES } from "../setup/helpers.js";

describeBrowser("searching in a real browser", () => {
  const suite = browserSuite({ corpus: join(FIXTURES, "corpus-basic"), label: "foundation" });

  it("loads the home page, searches, and lists results", async () => {
    const page = suite.page;
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(suite.url + "/");
    await expect(page.title()).resolves.toContain("EaP Cyber-MLA Knowledge Base");
    await page.getByLabel("Search provisions, analyses and recommendations").fill("quick freeze");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=quick\+freeze/);
    const titles = await page.locator(".hit-title").allInnerTexts();
    expect(titles).toContain(
      "Georgia: Article 29 – Expedited preservation of stored computer data",
    );
    await expect(page.locator("#results").innerText()).resolves.toMatch(
      /^1–\d+ of \d+ results? for “quick freeze”$/,
    );
    await page.screenshot({ path: join(suite.shots, "search.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it.each(["/", "/search?q=quick+freeze", "/search?q=nothing-matches-this"])(
    "%s has no serious or critical accessibility violations",
    async (path) => {
      await suite.page.goto(suite.url + path);
      expect(await seriousViolations(suite.page), path).toEqual([]);
    },
  );
});
