/// <reference lib="dom" />
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

// The project's workplan in a real browser: reached from the home page and from the tracker's
// meetings, read at desktop and phone width, and checked with axe.
describeBrowser("the project's workplan in a real browser", () => {
  const suite = browserSuite({ corpus: REAL_CORPUS, label: "project" });

  it("is reached from the home page and shows the timeline beside the activities in words", async () => {
    await suite.page.setViewportSize({ width: 1280, height: 900 });
    await suite.page.goto(`${suite.url}/`);
    await suite.page.getByRole("link", { name: "Cybercrime@EAP II: summary and workplan" }).click();
    await suite.page.waitForURL(/\/project$/);
    await expect(suite.page.locator("h1").innerText()).resolves.toBe(
      "Cybercrime@EAP II: summary and workplan",
    );
    expect(await suite.page.locator("svg.timeline-chart").count()).toBe(3);
    // Every bar is labelled for assistive technology.
    const titles = await suite.page
      .locator("svg.timeline-chart rect[data-kind] title")
      .allTextContents();
    expect(titles.length).toBeGreaterThan(40);
    expect(titles).toContain("1.2.2 planned: 14–16 December 2015, Tbilisi, Georgia");
    const tbilisi = suite.page.locator('tr:has(a[href="/project/activities/1.2.2"])').first();
    await expect(tbilisi.locator(".status").innerText()).resolves.toBe("Planned");
    await suite.page.screenshot({ path: `${suite.shots}project-desktop.png`, fullPage: true });
    // Readable pieces of a long page, for people checking the layout.
    await suite.page.screenshot({ path: `${suite.shots}project-top.png` });
    await suite.page.locator("#indicators").screenshot({ path: `${suite.shots}indicators.png` });
    await suite.page
      .locator("#result-1 .timeline-figure")
      .screenshot({ path: `${suite.shots}timeline-1.png` });
    await suite.page.locator("#result-1 .activity-table").scrollIntoViewIfNeeded();
    await suite.page.screenshot({ path: `${suite.shots}activities-1.png` });
  });

  it("opens an activity from its row and shows its status with the confirming source", async () => {
    await suite.page.goto(`${suite.url}/project`);
    await suite.page.locator('a[href="/project/activities/1.2.1"]').first().click();
    await suite.page.waitForURL(/\/project\/activities\/1\.2\.1$/);
    await expect(suite.page.locator(".doc-head .status").innerText()).resolves.toBe("Held");
    await expect(suite.page.locator(".facts").innerText()).resolves.toContain(
      "Improving international cooperation on cybercrime in the Eastern Partnership region",
    );
    await suite.page.screenshot({ path: `${suite.shots}activity-held.png`, fullPage: true });
    await suite.page.goto(`${suite.url}/project/activities/1.2.3`);
    await suite.page.screenshot({ path: `${suite.shots}activity-planned.png`, fullPage: true });
  });

  it("lists the planned meetings among the tracker's meetings, linked to their activities", async () => {
    await suite.page.goto(`${suite.url}/recommendations/changes#meetings`);
    const row = suite.page.locator("#meeting-plan-1-2-3");
    await expect(row.innerText()).resolves.toContain("Planned, not confirmed");
    await row.getByRole("link", { name: "Activity 1.2.3" }).click();
    await suite.page.waitForURL(/\/project\/activities\/1\.2\.3$/);
    await suite.page.goto(`${suite.url}/recommendations/changes#meetings`);
    await suite.page.locator("#meetings").screenshot({ path: `${suite.shots}meetings.png` });
  });

  it.each(["/project", "/project/activities/1.2.1", "/project/activities/3.1"])(
    "%s fits a 390 px phone without sideways scrolling of the page",
    async (path) => {
      await suite.page.setViewportSize({ width: 390, height: 844 });
      await suite.page.goto(suite.url + path);
      const width = await suite.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      const name = path.replace(/\W+/g, "-").replace(/^-|-$/g, "");
      await suite.page.screenshot({ path: `${suite.shots}${name}-phone.png`, fullPage: true });
      await suite.page.screenshot({ path: `${suite.shots}${name}-phone-top.png` });
      const table = suite.page.locator(".activity-table").first();
      if ((await table.count()) > 0) {
        await table.scrollIntoViewIfNeeded();
        await suite.page.screenshot({ path: `${suite.shots}${name}-phone-table.png` });
      }
      await suite.page.setViewportSize({ width: 1280, height: 900 });
    },
  );

  it("prints the workplan without the page's navigation", async () => {
    await suite.page.goto(`${suite.url}/project`);
    await suite.page.emulateMedia({ media: "print" });
    expect(await suite.page.locator(".toc").isVisible()).toBe(false);
    expect(await suite.page.locator("svg.timeline-chart").first().isVisible()).toBe(true);
    await suite.page.emulateMedia({ media: "screen" });
  });

  it.each(["/project?lang=ru", "/project?lang=uk", "/recommendations/changes?lang=ru"])(
    "%s prints its activity tables within a portrait page's width",
    async (path) => {
      await suite.page.goto(suite.url + path);
      await suite.page.emulateMedia({ media: "print" });
      // An A4 page's width inside the printed margins (210 − 2 × 15 mm, at 96 px to the inch).
      await suite.page.setViewportSize({ width: 680, height: 960 });
      const widths = await suite.page
        .locator("table.activity-table")
        .evaluateAll((tables) => tables.map((t) => Math.round(t.getBoundingClientRect().right)));
      expect(widths.length).toBeGreaterThan(0);
      expect(widths.filter((right) => right > 680)).toEqual([]);
      await suite.page.emulateMedia({ media: "screen" });
      await suite.page.setViewportSize({ width: 1280, height: 900 });
    },
  );

  it.each([
    "/project",
    "/project/activities/1.2.1",
    "/project/activities/1.2.2",
    "/project/activities/3.1",
    "/project/activities/1.3.4",
    "/project/activities/9.9",
    "/recommendations/changes",
  ])("%s has no serious or critical accessibility violations", async (path) => {
    await suite.page.goto(suite.url + path);
    expect(await seriousViolations(suite.page), path).toEqual([]);
  });
});
