/// <reference lib="dom" />
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
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
