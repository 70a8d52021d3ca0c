/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

// Every page on a phone: nothing wider than the screen (wide tables scroll in their own region
// or become cards), tap targets of at least 24 × 24 px (axe's target-size rule, WCAG 2.2), no
// other serious accessibility problem; a screenshot of each for a person to look at.

const PAGES = [
  "/",
  "/search",
  "/search?q=preservation&country=GE",
  "/articles",
  "/articles/29",
  "/countries",
  "/countries/GE",
  "/countries/BY",
  "/compare",
  "/compare?countries=AM,AZ,BY,GE,MD,UA&articles=29-31",
  "/recommendations",
  "/recommendations?attention=overdue",
  "/recommendations/KB-MLA-04",
  "/recommendations/changes",
  "/requests/new",
  "/requests/new?type=preservation&to=GE",
  "/requests/new?type=stored-data&to=BY",
  "/instruments/p2",
  "/about",
  "/countries/ZZ",
  "/guidance-notes",
  "/project",
  "/project/activities/1.2.1",
  "/changes?from=2026-11-01",
  "/countries/GE/articles/29/history",
];

const shotName = (path: string) =>
  path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home";

/** How far the page reaches past the screen, and what sticks out (for the message). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
}

describeBrowser("on a 390 px phone", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "phone",
    viewport: { width: 390, height: 844 },
  });

  it.each(PAGES)(
    "%s fits the screen, with targets big enough and no serious violations",
    async (path) => {
      await suite.page.goto(suite.url + path);
      const o = await overflow(suite.page);
      expect(o.width).toBe(390);
      expect(o.scrollWidth, `${path}: ${o.wide.join(", ")}`).toBeLessThanOrEqual(o.width);
      expect(await seriousViolations(suite.page), path).toEqual([]);
      await suite.page.screenshot({ path: `${suite.shots}${shotName(path)}.png`, fullPage: false });
    },
  );

  it.each(["/countries/GE", "/articles/29", "/requests/new?type=preservation&to=GE"])(
    "%s starts with its title, the side panel after the text, in the keyboard's order",
    async (path) => {
      for (const width of [390, 1000]) {
        await suite.page.setViewportSize({ width, height: 844 });
        await suite.page.goto(suite.url + path);
        const title = await suite.page.locator("h1").first().boundingBox();
        const aside = await suite.page.locator(".doc-aside").boundingBox();
        expect(title!.y, `${path} at ${width} px`).toBeLessThan(844);
        expect(aside!.y, `${path} at ${width} px`).toBeGreaterThan(title!.y);
      }
      await suite.page.setViewportSize({ width: 390, height: 844 });
    },
  );

  it("shows a request draft within the screen", async () => {
    await suite.page.goto(`${suite.url}/requests/new?type=preservation&to=GE`);
    const fill: Record<string, string> = {
      "Requesting authority (required)": "Prosecutor's Office of Exampleland",
      "Offence under investigation (required)": "Illegal access",
      "Summary of the facts (required)": "Accounts were taken over.",
      "Data to be preserved (required)": "Traffic data of account example-7.",
      "How the data relate to the offence (required)": "They show who logged in.",
      "Custodian or location of the data (required)": "Example Hosting LLC.",
      "Why preservation is necessary (required)": "Logs are deleted after 30 days.",
    };
    for (const [label, value] of Object.entries(fill))
      await suite.page.getByLabel(label).fill(value);
    await suite.page.getByRole("button", { name: "Prepare the draft" }).click();
    await suite.page.waitForLoadState();
    await expect(suite.page.locator(".letter h1").isVisible()).resolves.toBe(true);
    const o = await overflow(suite.page);
    expect(o.scrollWidth, o.wide.join(", ")).toBeLessThanOrEqual(390);
    expect(await seriousViolations(suite.page)).toEqual([]);
    await suite.page.screenshot({ path: `${suite.shots}request-draft.png`, fullPage: true });
  });

  it("shows the comparison and the tracker as one card per row, each cell under its country's name", async () => {
    await suite.page.goto(`${suite.url}/compare?countries=GE,MD,UA&articles=29-31`);
    const row = suite.page.locator(".compare-matrix tbody tr").first();
    const box = await row.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await expect(row.locator(".cell-country").allInnerTexts()).resolves.toEqual([
      "Georgia",
      "Republic of Moldova",
      "Ukraine",
    ]);
    // The cells stack: each starts below the one before.
    const tops = await row
      .locator("td")
      .evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().top));
    expect(tops.length).toBe(3);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    expect(new Set(tops).size).toBe(3);
    await row.screenshot({ path: `${suite.shots}compare-card.png` });

    await suite.page.goto(`${suite.url}/recommendations`);
    const card = suite.page.locator(".tracker tbody tr").first();
    expect((await card.boundingBox())!.width).toBeLessThanOrEqual(390);
    expect(await card.locator(".cell-country").count()).toBe(6);
    await card.screenshot({ path: `${suite.shots}tracker-card.png` });
  });

  it("shows the first search result on the first screen, before the filters", async () => {
    await suite.page.goto(`${suite.url}/search?q=${encodeURIComponent("subscriber information")}`);
    const first = await suite.page.locator(".hit").first().boundingBox();
    const filters = await suite.page.locator("#filters").boundingBox();
    expect(first!.y).toBeLessThan(844);
    expect(filters!.y).toBeGreaterThan(first!.y);
    await expect(suite.page.getByRole("link", { name: "Filters" }).isVisible()).resolves.toBe(true);
  });
});

describeBrowser("on a 320 px screen", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "narrow",
    viewport: { width: 320, height: 640 },
  });

  // One test per page: each is a page load, well within the time limit on a busy machine.
  it.each(PAGES)("%s fits the screen", async (path) => {
    await suite.page.goto(suite.url + path);
    const o = await overflow(suite.page);
    expect(o.width).toBe(320);
    expect(o.scrollWidth, `${path}: ${o.wide.join(", ")}`).toBeLessThanOrEqual(o.width);
  });
});
