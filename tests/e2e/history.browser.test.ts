import { expect, it } from "vitest";
import { browserSuite, describeBrowser, seriousViolations } from "../setup/browser.js";
import { historyRepo } from "../setup/history-repo.js";

// History and point-in-time pages as a reader meets them, on a repository with dated commits.

describeBrowser("history and point-in-time pages in a real browser", () => {
  const suite = browserSuite({
    corpus: async () => (await historyRepo()).corpus,
    label: "history",
    history: true,
  });

  it.each([
    "/countries/GE/articles/29/history",
    "/countries/GE?at=2015-12-31",
    "/compare?countries=GE,MD&articles=29&at=2015-12-31",
    "/changes?from=2015-12-31",
  ])("%s has no serious or critical accessibility violations", async (path) => {
    await suite.page.goto(suite.url + path);
    expect(await seriousViolations(suite.page), path).toEqual([]);
  });

  it("shows a version's changes in words, readable without colour", async () => {
    await suite.page.goto(`${suite.url}/countries/GE/articles/29/history`);
    const inserted = suite.page.locator(".word-diff ins").first();
    await expect(inserted.innerText()).resolves.toContain("[inserted:");
    const decoration = await inserted.evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(decoration).toContain("underline");
    const deleted = suite.page.locator(".word-diff del").first();
    expect(await deleted.evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain(
      "line-through",
    );
    await suite.page.screenshot({ path: `${suite.shots}history.png`, fullPage: true });
  });

  it("shows a version's text with its paragraphs and list items on lines of their own", async () => {
    const json = (await fetch(`${suite.url}/api/countries/GE/articles/29/history`).then((r) =>
      r.json(),
    )) as { versions: { words: { text: string }[] }[] };
    const texts = json.versions.map((v) => v.words.map((w) => w.text).join(""));
    const i = texts.findIndex((t) => t.includes("\n"));
    expect(i).toBeGreaterThanOrEqual(0);
    await suite.page.goto(`${suite.url}/countries/GE/articles/29/history`);
    // What the reader sees breaks where the text does. (The words for screen readers are taken
    // out first: positioned out of the flow, they would make line breaks of their own.)
    const shown = await suite.page
      .locator(".word-diff p")
      .nth(i)
      .evaluate((p) => {
        for (const hidden of p.querySelectorAll(".visually-hidden")) hidden.remove();
        return (p as HTMLElement).innerText;
      });
    const lines = (text: string) =>
      text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    expect(lines(shown)).toEqual(lines(texts[i]!));
    expect(lines(shown).length).toBeGreaterThan(1);
  });

  it("leads from a point-in-time page back to the current version", async () => {
    await suite.page.goto(`${suite.url}/countries/GE?at=2015-12-31`);
    await expect(suite.page.locator(".banner-pit").innerText()).resolves.toMatch(
      /^As it stood on 31 December 2015/,
    );
    await suite.page.screenshot({ path: `${suite.shots}point-in-time.png`, fullPage: false });
    await suite.page.getByRole("link", { name: "see the current version" }).click();
    await suite.page.waitForURL(/\/countries\/GE$/);
    await expect(suite.page.locator(".banner-pit").count()).resolves.toBe(0);
  });
});
