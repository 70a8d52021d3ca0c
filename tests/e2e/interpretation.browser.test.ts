/// <reference lib="dom" />
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

// The Explanatory Report and the Guidance Notes as a reader meets them, on the real corpus: on
// an article page, on the Guidance Notes page, beside a request draft; at desktop and phone
// width; and the Second Protocol page, whose titles are all unverified.

const PAGES = [
  ["article-18", "/articles/18"],
  ["article-29", "/articles/29"],
  ["guidance-notes", "/guidance-notes"],
  ["request-preservation", "/requests/new?type=preservation&to=GE"],
  ["request-stored-data", "/requests/new?type=stored-data&to=UA"],
  ["protocol", "/instruments/p2"],
] as const;

describeBrowser("Explanatory Report and Guidance Notes in a real browser", () => {
  const suite = browserSuite({ corpus: REAL_CORPUS, label: "interpretation" });

  it.each(PAGES)("%s has no serious or critical accessibility violations", async (name, path) => {
    await suite.page.goto(suite.url + path);
    expect(await seriousViolations(suite.page), path).toEqual([]);
    await suite.page.screenshot({ path: `${suite.shots}${name}.png`, fullPage: true });
  });

  it("shows the Report's paragraphs and the Notes as sections of the article", async () => {
    await suite.page.goto(`${suite.url}/articles/18`);
    const report = suite.page.locator("#explanatory-report");
    await expect(report.locator("dt").first().innerText()).resolves.toMatch(/^¶/);
    await report.screenshot({ path: `${suite.shots}article-18-report.png` });
    await suite.page
      .locator("#guidance-notes")
      .screenshot({ path: `${suite.shots}article-18-notes.png` });
    await suite.page.goto(`${suite.url}/articles/29`);
    await expect(suite.page.locator("#explanatory-report .missing").innerText()).resolves.toBe(
      "No paragraph of the Explanatory Report is summarised for Article 29 yet.",
    );
    await suite.page
      .locator("#explanatory-report")
      .screenshot({ path: `${suite.shots}article-29-report.png` });
    await suite.page.goto(`${suite.url}/requests/new?type=preservation&to=GE`);
    await suite.page
      .locator(".doc-aside .aside-section")
      .screenshot({ path: `${suite.shots}request-preservation-aside.png` });
  });

  it("leads from an article to the Guidance Note it shows, by keyboard", async () => {
    await suite.page.goto(`${suite.url}/articles/18`);
    const link = suite.page.locator("#guidance-notes h3 a").first();
    await expect(link.innerText()).resolves.toMatch(/^Guidance Note 10 – /);
    await link.focus();
    await suite.page.keyboard.press("Enter");
    await suite.page.waitForURL(/\/guidance-notes#gn-10$/);
    const note = suite.page.locator("#gn-10");
    await expect(note.isVisible()).resolves.toBe(true);
    const box = await note.boundingBox();
    // The Note is scrolled into view, not left below the page's introduction.
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(box?.y ?? Infinity).toBeLessThan(900);
    await expect(note.locator("h3").innerText()).resolves.toMatch(/^Guidance Note 10 – /);
  });

  it("says once on the Protocol page that its titles are unverified, and lists its articles", async () => {
    await suite.page.goto(`${suite.url}/instruments/p2`);
    const toc = suite.page.locator("nav.toc");
    const links = await toc.locator("a").count();
    expect(links).toBeGreaterThan(0);
    expect(await suite.page.locator("section.analysis").count()).toBe(links);
    const box = await toc.boundingBox();
    if (!box) throw new Error("the list of articles is not shown");
    await suite.page.screenshot({
      path: `${suite.shots}protocol-articles.png`,
      fullPage: true,
      clip: { x: 0, y: Math.max(0, box.y - 250), width: 1280, height: box.height + 700 },
    });
  });

  it("prints the article's Explanatory Report and Guidance Notes", async () => {
    await suite.page.goto(`${suite.url}/articles/18`);
    await suite.page.emulateMedia({ media: "print" });
    try {
      await expect(suite.page.locator("#explanatory-report").isVisible()).resolves.toBe(true);
      await expect(suite.page.locator("#guidance-notes").isVisible()).resolves.toBe(true);
    } finally {
      await suite.page.emulateMedia({ media: "screen" });
    }
  });
});

describeBrowser("Explanatory Report and Guidance Notes at phone width", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "interpretation-phone",
    viewport: { width: 390, height: 844 },
  });

  it.each(PAGES)("%s fits a 390 px screen without sideways scrolling", async (name, path) => {
    await suite.page.goto(suite.url + path);
    const overflow = await suite.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
    await suite.page.screenshot({ path: `${suite.shots}${name}.png`, fullPage: true });
  });
});
