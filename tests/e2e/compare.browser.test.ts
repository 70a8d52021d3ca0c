/// <reference lib="dom" />
import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

describeBrowser("the comparison page in a real browser", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "compare",
    viewport: { width: 1400, height: 1000 },
  });

  it("prints on A4 landscape with the header row on each page, no navigation, and the URL and date", async () => {
    await suite.page.goto(`${suite.url}/compare?countries=AM,AZ,BY,GE,MD,UA&articles=23-35`);
    await suite.page.emulateMedia({ media: "print" });
    await suite.page.setViewportSize({ width: 1123, height: 794 });
    await expect(suite.page.locator(".site-header nav").isVisible()).resolves.toBe(false);
    await expect(suite.page.locator(".compare-actions").isVisible()).resolves.toBe(false);
    await expect(suite.page.locator(".pickers").isVisible()).resolves.toBe(false);
    const printed = suite.page.locator(".print-only");
    await expect(printed.isVisible()).resolves.toBe(true);
    await expect(printed.innerText()).resolves.toMatch(
      /^Printed from http:\/\/kb\.test\/compare\?countries=AM,AZ,BY,GE,MD,UA&articles=23-35 on \d{1,2} \w+ \d{4}\.$/,
    );
    await expect(
      suite.page.locator(".matrix thead").evaluate((el) => getComputedStyle(el).display),
    ).resolves.toBe("table-header-group");
    // Every status badge, "Unknown (benchmark)" included, stays inside its own cell.
    const overflowing = await suite.page.locator(".matrix td .status").evaluateAll((badges) =>
      badges
        .map((b) => {
          const cell = b.closest("td")!.getBoundingClientRect();
          const box = b.getBoundingClientRect();
          return { text: b.textContent ?? "", over: box.right - cell.right };
        })
        .filter((b) => b.over > 0.5),
    );
    expect(await suite.page.locator(".matrix td .status").count()).toBeGreaterThan(20);
    expect(overflowing).toEqual([]);
    await suite.page.screenshot({ path: `${suite.shots}print.png`, fullPage: true });
    const pdf = await suite.page.pdf({
      format: "A4",
      landscape: true,
      printBackground: true,
      preferCSSPageSize: true,
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // Several pages, each A4 landscape (842 × 595 points).
    const text = pdf.toString("latin1");
    expect((text.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(1);
    expect(text).toMatch(/\/MediaBox\s*\[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
    await suite.page.emulateMedia({ media: "screen" });
  });

  it("lets the user pick countries and articles with the form, and narrow to differing rows", async () => {
    await suite.page.emulateMedia({ media: "screen" });
    await suite.page.setViewportSize({ width: 1400, height: 1000 });
    await suite.page.goto(`${suite.url}/compare`);
    await suite.page.locator(".pickers summary").click();
    await suite.page.getByLabel("Armenia").uncheck();
    await suite.page.getByLabel("Azerbaijan").uncheck();
    await suite.page.getByLabel("Belarus").uncheck();
    await suite.page.getByLabel("Only rows where countries differ").check();
    await suite.page.getByRole("button", { name: "Compare" }).click();
    await suite.page.waitForURL(/diff=1/);
    const headers = await suite.page.locator(".matrix thead th").allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual([
      "Article",
      "Georgia",
      "Republic of Moldova",
      "Ukraine",
    ]);
    for (const row of await suite.page.locator(".matrix tbody tr").all()) {
      const statuses = await row
        .locator("td")
        .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-status")));
      expect(new Set(statuses).size).toBeGreaterThan(1);
    }
    await suite.page.screenshot({ path: `${suite.shots}diff.png`, fullPage: true });
  });

  it.each(["/compare", "/compare?countries=GE,UA&articles=29-35&diff=1", "/compare?articles=0"])(
    "%s has no serious or critical accessibility violations",
    async (path) => {
      await suite.page.goto(suite.url + path);
      expect(await seriousViolations(suite.page), path).toEqual([]);
    },
  );
});
