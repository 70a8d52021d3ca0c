/// <reference lib="dom" />
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeBrowser, launchBrowser, serve, SCREENSHOTS } from "../setup/browser.js";
import { testApp } from "../setup/helpers.js";
import { sharedIndex } from "../setup/helpers.js";

let fixtureIndex = "";
let realIndex = "";
let browser: Browser;
let page: Page;
let fixture: { url: string; close(): Promise<void> };
let real: { url: string; close(): Promise<void> };
const shots = new URL("search/", SCREENSHOTS).pathname;

/** The facet values shown for one facet: label → count. */
async function facetValues(p: Page, label: string): Promise<Record<string, number>> {
  const facet = p.locator("details.facet", { has: p.locator("summary", { hasText: label }) });
  const items = await facet
    .locator(".facet-value")
    .evaluateAll((links) =>
      links.map((a) => [
        a.querySelector(".facet-label")?.textContent ?? "",
        Number.parseInt(a.querySelector(".count")?.textContent ?? "-1", 10),
      ]),
    );
  return Object.fromEntries(items);
}

describeBrowser("the search page in a real browser", () => {
  beforeAll(async () => {
    fixtureIndex = sharedIndex("basic");
    realIndex = sharedIndex("real");
    fixture = await serve((await testApp(fixtureIndex)).app);
    real = await serve((await testApp(realIndex)).app);
    browser = await launchBrowser();
    await mkdir(shots, { recursive: true });
  });
  beforeEach(async () => {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
    await real?.close();
  });

  it("selecting a facet value filters, shows a chip, and keeps the other values' counts", async () => {
    await page.goto(`${fixture.url}/search?q=fixture`);
    const before = await facetValues(page, "Type");
    expect(before["Convention article"]).toBe(48);
    expect(before["Country analysis"]).toBeGreaterThan(0);
    await page
      .locator("details.facet", { has: page.locator("summary", { hasText: "Type" }) })
      .getByRole("checkbox", { name: /Country analysis/ })
      .check();
    await page.getByRole("button", { name: "Apply filters" }).first().click();
    await page.waitForURL(/kind=analysis/);
    const chip = page.locator(".chip", { hasText: "Type: Country analysis" });
    await expect(chip.count()).resolves.toBe(1);
    const after = await facetValues(page, "Type");
    // Disjunctive: the selected facet still offers its other values with their counts.
    expect(after["Convention article"]).toBe(48);
    expect(after["Country analysis"]).toBe(before["Country analysis"]);
    const kinds = await page.locator(".hit-meta .kind").allInnerTexts();
    expect(new Set(kinds)).toEqual(new Set(["Country analysis"]));
    // Another value of the same facet combines with OR.
    await page
      .locator("details.facet", { has: page.locator("summary", { hasText: "Type" }) })
      .getByRole("checkbox", { name: /Convention article/ })
      .check();
    await page.getByRole("button", { name: "Apply filters" }).first().click();
    await page.waitForURL(/kind=analysis&kind=article|kind=article&kind=analysis/);
    // Both kinds are counted: the Convention's articles come first, the analyses after them.
    const both = await page.locator("#results").innerText();
    expect(Number(/of (\d+) results/.exec(both)?.[1])).toBe(
      (before["Country analysis"] ?? 0) + (before["Convention article"] ?? 0),
    );
    await page.screenshot({ path: join(shots, "facets.png"), fullPage: true });
  });

  it("removing a chip removes its filter, and clear all removes every filter", async () => {
    await page.goto(`${fixture.url}/search?q=fixture&kind=analysis&country=GE`);
    await expect(page.locator(".chip").count()).resolves.toBe(2);
    await page.getByRole("link", { name: "Remove filter Country: Georgia" }).click();
    await page.waitForURL((url) => !url.search.includes("country="));
    await expect(page.locator(".chip").count()).resolves.toBe(1);
    await page.getByRole("link", { name: "Clear all filters" }).click();
    await page.waitForURL((url) => !url.search.includes("kind="));
    await expect(page.locator(".chip").count()).resolves.toBe(0);
    await expect(page.locator("#q").inputValue()).resolves.toBe("fixture");
  });

  it("turns an article and a country in the query into chips that can be widened", async () => {
    await page.goto(`${fixture.url}/search?q=${encodeURIComponent("art. 29 Georgia")}`);
    const chips = await page.locator(".chip").allInnerTexts();
    expect(chips.join(" | ")).toContain("Article: Article 29 (from your query)");
    expect(chips.join(" | ")).toContain("Country: Georgia (from your query)");
    const countries = new Set(await page.locator(".hit-meta").allInnerTexts());
    expect([...countries].every((m) => !m.includes("Republic of Moldova"))).toBe(true);
    await page
      .getByRole("link", {
        name: "search all countries instead (removes the filter Country: Georgia)",
      })
      .click();
    await page.waitForLoadState();
    await expect(page.locator("#q").inputValue()).resolves.toBe("Article 29");
    const metas = (await page.locator(".hit-meta").allInnerTexts()).join("\n");
    expect(metas).toContain("Republic of Moldova");
    await page.screenshot({ path: join(shots, "query-chips.png"), fullPage: true });
  });

  it("pages through results with the pagination links", async () => {
    await page.goto(`${fixture.url}/search?q=fixture`);
    const heading = await page.locator("#results").innerText();
    const total = Number(/of (\d+) results/.exec(heading)?.[1]);
    expect(total).toBeGreaterThan(20);
    const firstPage = await page.locator(".hit-title").allInnerTexts();
    await page
      .getByRole("navigation", { name: "Result pages" })
      .getByRole("link", { name: "Next" })
      .click();
    await page.waitForURL(/page=2/);
    await expect(page.locator("#results").innerText()).resolves.toMatch(/^21–\d+ of/);
    const secondPage = await page.locator(".hit-title").allInnerTexts();
    expect(secondPage.some((t) => firstPage.includes(t))).toBe(false);
    await expect(page.locator('.pagination [aria-current="page"]').innerText()).resolves.toBe("2");
    await page.getByRole("link", { name: "Previous" }).click();
    await page.waitForURL((url) => !url.search.includes("page="));
  });

  it("works from the keyboard: skip link, / to search, Tab to a result, Enter to open it", async () => {
    await page.goto(`${fixture.url}/search?q=quick+freeze`);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Skip to content",
    );
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");
    await page.keyboard.press("/");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("q");
    await page.keyboard.type("sixty days");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=sixty\+days/);
    const firstHit = page.locator(".hit-title a").first();
    const href = await firstHit.getAttribute("href");
    await firstHit.focus();
    await expect(
      page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
    ).resolves.not.toBe("none");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname + url.hash === href);
  });

  it("searches and filters with the keyboard alone: focus lands on the results heading, Space ticks, Enter applies", async () => {
    await page.goto(`${real.url}/search`);
    await page.keyboard.press("/");
    await page.keyboard.type("preservation");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=preservation#results$/);
    // The results heading has the focus (a screen reader reads it), and the next Tab is the first result.
    const focused = () =>
      page.evaluate(() => ({
        id: document.activeElement?.id ?? "",
        text: (document.activeElement as HTMLElement | null)?.innerText ?? "",
      }));
    await expect(focused()).resolves.toMatchObject({
      id: "results",
      text: expect.stringMatching(/^1–20 of \d+ results for “preservation”$/),
    });
    await page.keyboard.press("Tab");
    const firstHref = await page.locator(".hit-title a").first().getAttribute("href");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("href"))).resolves.toBe(
      firstHref,
    );
    // Back to the heading, then to the filters through the "Filters" link just before it.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await expect(focused()).resolves.toMatchObject({ text: "Filters" });
    await page.keyboard.press("Enter");
    await expect(focused()).resolves.toMatchObject({ id: "filters" });
    // Tab to the first country: past the Apply button and the Country group's summary.
    let steps = 0;
    while (steps < 6) {
      await page.keyboard.press("Tab");
      steps++;
      const type = await page.evaluate(
        () => (document.activeElement as HTMLInputElement | null)?.type,
      );
      if (type === "checkbox") break;
    }
    expect(steps).toBeLessThan(6);
    const box = await page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement;
      return { name: input.name, value: input.value, checked: input.checked };
    });
    expect(box).toMatchObject({ name: "country", checked: false });
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.keyboard.press("Space");
    await expect(
      page.evaluate(() => (document.activeElement as HTMLInputElement).checked),
    ).resolves.toBe(true);
    // Space ticked the box; it did not scroll the page.
    await expect(page.evaluate(() => window.scrollY)).resolves.toBe(scrolled);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`country=${box.value}#results$`));
    await expect(focused()).resolves.toMatchObject({ id: "results" });
    await expect(page.locator(".chip").count()).resolves.toBe(1);
    await page.screenshot({ path: join(shots, "keyboard-filtered.png"), fullPage: false });
  });

  it("offers articles, countries and thesaurus terms in the search box as one types", async () => {
    await page.goto(`${real.url}/`);
    await expect(page.locator("#q").getAttribute("list")).resolves.toBe("q-suggestions");
    const offered = () =>
      page
        .locator("#q-suggestions option")
        .evaluateAll((options) =>
          options.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).label]),
        );
    await page.locator("#q").pressSequentially("Грузи");
    await expect.poll(offered).toContainEqual(["Грузия", "Georgia"]);
    await page.locator("#q").fill("");
    await page.locator("#q").pressSequentially("ст. 29");
    await expect
      .poll(offered)
      .toEqual([["Article 29", "Expedited preservation of stored computer data"]]);
    // A longer query has its last word completed.
    await page.locator("#q").fill("");
    await page.locator("#q").pressSequentially("Georgia extrad");
    await expect
      .poll(async () => (await offered()).map(([value]) => value))
      .toContain("Georgia extradition");
    // What is offered is what the search understands: the article as a filter.
    await page.locator("#q").fill("Article 29");
    await page.locator("#q").press("Enter");
    await page.waitForURL(/q=Article\+29/);
    await expect(page.locator(".chip").first().innerText()).resolves.toContain("Article 29");
  });

  it("has a skip link straight to the results", async () => {
    await page.goto(`${real.url}/search?q=extradition`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Skip to results",
    );
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("results");
    await page.keyboard.press("Tab");
    await expect(
      page.evaluate(() => document.activeElement?.closest(".hit") !== null),
    ).resolves.toBe(true);
  });

  it("keeps a reference typed in the query as a ticked box that unticking removes", async () => {
    await page.goto(`${real.url}/search?q=${encodeURIComponent("art. 29 preservation")}`);
    const box = page.locator('.facet-form input[name="article"][value="29"]');
    await expect(box.isChecked()).resolves.toBe(true);
    await expect(page.locator('.facet-form input[name="q"]').inputValue()).resolves.toBe(
      "preservation",
    );
    await box.uncheck();
    await page.getByRole("button", { name: "Apply filters" }).first().click();
    await page.waitForURL((url) => !url.search.includes("article"));
    await expect(page.locator(".chip").count()).resolves.toBe(0);
  });

  it("explains an empty result and offers a way out", async () => {
    await page.goto(`${fixture.url}/search?q=sixty&country=MD`);
    await expect(page.locator(".empty").innerText()).resolves.toContain(
      "Nothing matches “sixty” with the filters applied.",
    );
    const way = page.getByRole("link", { name: /Remove the filter “Republic of Moldova”/ });
    await way.click();
    await page.waitForURL((url) => !url.search.includes("country="));
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
  });

  it("shows the article, country and search pages as a reader sees them", async () => {
    for (const path of ["/articles/29", "/countries/GE", "/search?q=art.+29+Georgia"]) {
      await page.goto(real.url + path);
      await page.screenshot({
        path: join(shots, `${path.replace(/[^a-z0-9]+/gi, "_")}.png`),
        fullPage: false,
      });
    }
  });

  it("on a phone, shows the results first and the filters behind a Filters link", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${real.url}/search?q=preservation&country=GE`);
    const first = await page.locator(".hit").first().boundingBox();
    const filters = await page.locator("#filters").boundingBox();
    expect(first).not.toBeNull();
    expect(first!.y).toBeLessThan(844);
    expect(filters!.y).toBeGreaterThan(first!.y);
    const link = page.getByRole("link", { name: /^Filters \(1 selected\)$/ });
    await expect(link.isVisible()).resolves.toBe(true);
    await link.click();
    await page.waitForURL(/#filters$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: join(shots, "phone-search.png"), fullPage: false });
  });
});
