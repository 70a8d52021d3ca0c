import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { REAL_CORPUS } from "../setup/helpers.js";

// The interface in Russian and Ukrainian, as a reader who picks the language in the header sees
// it: axe on the home, search and country pages, a screenshot of each (desktop and phone), the
// switcher working without script, and a query in Russian understood as a concept.

const PAGES = [
  ["home", "/"],
  ["search", "/search?q=Молдова+сохранение+данных"],
  ["country", "/countries/GE"],
] as const;

describeBrowser("pages in Russian and Ukrainian", () => {
  const suite = browserSuite({ corpus: REAL_CORPUS, label: "languages" });

  it.each(["ru", "uk"].flatMap((lang) => PAGES.map(([name, path]) => [lang, name, path])))(
    "%s %s page has no serious accessibility violation",
    async (lang, name, path) => {
      await suite.page.goto(`${suite.url}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      expect(await suite.page.getAttribute("html", "lang")).toBe(lang);
      expect(await seriousViolations(suite.page), `${lang} ${path}`).toEqual([]);
      await suite.page.screenshot({ path: `${suite.shots}${name}-${lang}.png`, fullPage: false });
    },
  );

  it("switches language from the header, without script, and remembers it", async () => {
    await suite.page.goto(`${suite.url}/countries/GE?lang=en`);
    await suite.page.click('nav.lang-switch a[lang="uk"]');
    await suite.page.waitForURL(/lang=uk/);
    expect(await suite.page.getAttribute("html", "lang")).toBe("uk");
    expect(await suite.page.textContent("nav[aria-label] a[href='/search']")).toBe("Пошук");
    // The next page, without ?lang=, comes in the remembered language.
    await suite.page.goto(`${suite.url}/countries`);
    expect(await suite.page.textContent("h1")).toBe("Країни");
    await suite.page.goto(`${suite.url}/?lang=en`);
  });

  it("says what a Russian query was understood as, and the chip can be removed by keyboard", async () => {
    await suite.page.goto(`${suite.url}/search?q=${encodeURIComponent("экстрадиция")}&lang=ru`);
    const chip = suite.page.locator(".chip-concept");
    expect(await chip.count()).toBe(1);
    expect((await chip.textContent())?.replace(/\s+/g, " ")).toContain("экстрадиция → extradition");
    const hits = await suite.page.locator(".hit-title a").allTextContents();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toContain("Extradition");
    await chip.locator("a.chip-remove").focus();
    await suite.page.keyboard.press("Enter");
    await suite.page.waitForURL(/q=%22/);
    expect(await suite.page.locator(".chip-concept").count()).toBe(0);
    expect(await suite.page.inputValue("#q")).toBe('"экстрадиция"');
    await suite.page.goto(`${suite.url}/?lang=en`);
  });
});

describeBrowser("pages in Russian and Ukrainian on a phone", () => {
  const suite = browserSuite({
    corpus: REAL_CORPUS,
    label: "languages-phone",
    viewport: { width: 390, height: 844 },
  });

  it.each(["ru", "uk"].flatMap((lang) => PAGES.map(([name, path]) => [lang, name, path])))(
    "%s %s page fits a 390 px screen",
    async (lang, name, path) => {
      await suite.page.goto(`${suite.url}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      const width = await suite.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await suite.page.screenshot({ path: `${suite.shots}${name}-${lang}.png`, fullPage: false });
    },
  );
});
