/// <reference lib="dom" />
import { expect, it } from "vitest";
import {
  browserSuite,
  describeBrowser,
  outsideTheirCells,
  seriousViolations,
} from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

describeBrowser("the recommendation tracker in a real browser", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "recommendations",
    viewport: { width: 1400, height: 1000 },
  });

  it("picks a working-group meeting and marks what changed since", async () => {
    await suite.page.goto(`${suite.url}/recommendations`);
    const meetings = await suite.page.locator("#meeting option").allInnerTexts();
    expect(meetings.some((m) => m.startsWith("Bucharest, 9–11 September 2015"))).toBe(true);
    await suite.page
      .locator("#meeting")
      .selectOption({ label: meetings.find((m) => m.startsWith("Bucharest"))! });
    await suite.page.getByRole("button", { name: "Apply" }).click();
    await suite.page.waitForURL(/meeting=.*#matrix-title$/);
    await expect(suite.page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      "matrix-title",
    );
    await expect(suite.page.locator(".notice").innerText()).resolves.toContain(
      "dated after 11 September 2015",
    );
    expect(await suite.page.locator(".flag-changed").count()).toBeGreaterThan(0);
    await suite.page.screenshot({ path: `${suite.shots}tracker.png`, fullPage: true });
    await suite.page
      .getByRole("link", { name: /List every follow-up entry since 11 September 2015/ })
      .click();
    await suite.page.waitForURL(/\/recommendations\/changes/);
    await expect(suite.page.locator("h1").innerText()).resolves.toBe(
      "Changes since 11 September 2015",
    );
    await suite.page.screenshot({ path: `${suite.shots}changes.png`, fullPage: true });
  });

  it("opens a recommendation's history from its cell", async () => {
    await suite.page.goto(`${suite.url}/recommendations?country=MD`);
    await suite.page.locator('tr#rec-KB-MLA-04 td[data-country="MD"] a').click();
    await suite.page.waitForURL(/\/recommendations\/KB-MLA-04#MD$/);
    await expect(suite.page.locator("#MD .timeline li").count()).resolves.toBeGreaterThan(0);
    await suite.page.screenshot({ path: `${suite.shots}history.png`, fullPage: true });
  });

  it("prints the tracker on landscape pages with every badge inside its column", async () => {
    await suite.page.goto(`${suite.url}/recommendations`);
    await suite.page.emulateMedia({ media: "print" });
    // An A4 landscape page's width inside the printed margins (297 − 2 × 12 mm, at 96 px to the
    // inch): seven columns do not fit a portrait page's 180 mm.
    await suite.page.setViewportSize({ width: 1032, height: 700 });
    const { cells, outside } = await outsideTheirCells(suite.page, ".tracker");
    expect(cells).toBeGreaterThan(7 * 10);
    expect(outside).toEqual([]);
    // The tables beside the charts are printed whole, not cut at the edge of their scrolling box.
    const cut = await suite.page
      .locator(".table-wrap")
      .evaluateAll(
        (wraps) =>
          wraps.filter(
            (w) => w.scrollWidth > w.clientWidth + 1 && getComputedStyle(w).overflowX !== "visible",
          ).length,
      );
    expect(cut).toBe(0);
    const pdf = await suite.page.pdf({ format: "A4", preferCSSPageSize: true });
    const sizes =
      pdf.toString("latin1").match(/\/MediaBox\s*\[0 0 \d+(\.\d+)? \d+(\.\d+)?\]/g) ?? [];
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toMatch(/\[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
    await suite.page.emulateMedia({ media: "screen" });
    await suite.page.setViewportSize({ width: 1400, height: 1000 });
  });

  it.each([
    "/recommendations",
    "/recommendations?since=2022-01-01&country=GE&country=UA",
    "/recommendations?overdue=1",
    "/recommendations/KB-MLA-04",
    "/recommendations/changes",
    "/recommendations/changes?since=2015-01-01",
    "/recommendations?since=2026-02-30",
  ])("%s has no serious or critical accessibility violations", async (path) => {
    await suite.page.goto(suite.url + path);
    expect(await seriousViolations(suite.page), path).toEqual([]);
  });
});
