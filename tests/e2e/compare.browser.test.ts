/// <reference lib="dom" />
import { parse } from "csv-parse/sync";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { expect, it } from "vitest";
import {
  browserSuite,
  describeBrowser,
  outsideTheirCells,
  seriousViolations,
} from "../setup/browser.js";
import { citeProvisions } from "../../server/views.js";
import { REAL_CORPUS } from "../setup/helpers.js";

/** The text of each page of a PDF, as a PDF reader extracts it. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  return pages;
}

/** The last words of the printed comparison's running foot (a PDF's text may split "ffi"). */
const FOOT_END = "illustrative analysis, not an official document";

/** Text without any white space: line breaks in a PDF fall where the layout puts them. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

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
    await expect(suite.page.locator(".site-header nav").first().isVisible()).resolves.toBe(false);
    await expect(suite.page.locator(".site-header .lang-switch").isVisible()).resolves.toBe(false);
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

  it("prints a handout: every cell's finding and gaps in full, numbered sources, and the selection, dates and address on every page", async () => {
    const query = "countries=AM,AZ,BY,GE,MD,UA&articles=29-31,35";
    await suite.page.emulateMedia({ media: "print" });
    await suite.page.goto(`${suite.url}/compare?${query}`);
    const pdf = await suite.page.pdf({ preferCSSPageSize: true, printBackground: true });
    await suite.page.emulateMedia({ media: "screen" });
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(2);
    const url = "http://kb.test/compare?countries=AM,AZ,BY,GE,MD,UA&articles=29-31,35";
    pages.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain(
        "Compare countries · Articles 29–31, 35 · Armenia, Azerbaijan, Belarus, Georgia, Republic of Moldova, Ukraine · analyses as of",
      );
      expect(page, `page ${i + 1}`).toContain(url);
      expect(page, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(squeeze(page), `page ${i + 1}`).toContain(squeeze(FOOT_END));
    });
    // Each page's text opens with its running head and foot: a paragraph that runs on to the
    // next page reads on after them.
    const end = squeeze(FOOT_END);
    const printed = pages
      .map((page) => squeeze(page))
      .map((page) => page.slice(page.indexOf(end) + end.length))
      .join("");

    // The full analysis, gaps and what is missing of every cell, from the CSV export.
    const csv = await fetch(`${suite.url}/compare.csv?${query}`).then((r) => r.text());
    const cells = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(cells.length).toBe(6 * 4);
    for (const cell of cells) {
      const lines = cell["analysis"]!.split("\n")
        .map((line) => line.replace(/^- /, "").trim())
        .filter(Boolean);
      expect(lines.length, `${cell["country"]} Art. ${cell["article"]}`).toBeGreaterThan(0);
      for (const line of lines)
        expect(
          printed.includes(squeeze(line)),
          `${cell["country"]} Art. ${cell["article"]}: ${line}`,
        ).toBe(true);
      // Provisions are cited by instrument ("Code, Arts. 208, 241"), as on the page.
      const cited = citeProvisions(cell["provisions"]!.split("; ").filter(Boolean));
      for (const instrument of cited.split("; ").filter(Boolean))
        expect(printed).toContain(squeeze(instrument));
    }
    // Sources as numbered notes, each listed once with its address.
    const notes = await suite.page.locator(".source-notes li").allInnerTexts();
    expect(notes.length).toBeGreaterThan(10);
    notes.forEach((note, i) => {
      expect(note.startsWith(`[${i + 1}] `)).toBe(true);
      expect(printed).toContain(squeeze(note));
    });
    expect(printed).toContain(squeeze("Sources: [1]"));
  });

  it("nothing in the printed matrix or findings is clipped or clamped", async () => {
    await suite.page.goto(`${suite.url}/compare?countries=AM,AZ,BY,GE,MD,UA&articles=23-35`);
    await suite.page.emulateMedia({ media: "print" });
    await suite.page.setViewportSize({ width: 1123, height: 794 });
    const clipped = await suite.page.locator(".matrix td *, .finding *").evaluateAll((els) =>
      els
        .filter((el) => {
          const style = getComputedStyle(el);
          const clamp = style.getPropertyValue("-webkit-line-clamp");
          return (
            (clamp !== "" && clamp !== "none") ||
            ((style.overflow === "hidden" || style.overflowY === "hidden") &&
              el.scrollHeight > el.clientHeight + 1)
          );
        })
        .map((el) => el.className),
    );
    expect(await suite.page.locator(".finding").count()).toBe(6 * 13);
    expect(clipped).toEqual([]);
    await suite.page.emulateMedia({ media: "screen" });
    await suite.page.setViewportSize({ width: 1400, height: 1000 });
  });

  it("on a laptop's screen, every badge and line stays inside its column", async () => {
    await suite.page.setViewportSize({ width: 1280, height: 900 });
    await suite.page.goto(`${suite.url}/compare?countries=AM,AZ,BY,GE,MD,UA&articles=16-17,29-30`);
    // Belarus's cells read "Unknown (benchmark)", the longest badge, in a column a sixth wide.
    await expect(
      suite.page.locator('td[data-country="BY"] .status').first().innerText(),
    ).resolves.toMatch(/Unknown\s+\(benchmark\)/);
    const { cells, outside } = await outsideTheirCells(suite.page, ".matrix");
    expect(cells).toBeGreaterThan(4 * 6);
    expect(outside).toEqual([]);
    await suite.page.setViewportSize({ width: 1400, height: 1000 });
  });

  it("picks articles by typing a list, clears all, selects a chapter, and quick choices keep the picker open", async () => {
    await suite.page.goto(`${suite.url}/compare?countries=GE,UA`);
    await suite.page.locator(".pickers summary").click();
    const ticked = () =>
      suite.page
        .locator('.article-picker input[name="articles"]:checked')
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(await ticked()).toEqual([
      "23",
      "24",
      "25",
      "26",
      "27",
      "28",
      "29",
      "30",
      "31",
      "32",
      "33",
      "34",
      "35",
    ]);
    await suite.page.getByRole("button", { name: "Clear all articles" }).click();
    expect(await ticked()).toEqual([]);
    await expect(suite.page.locator("[data-pick-count]").innerText()).resolves.toBe(
      "0 articles ticked",
    );
    // A quick choice ticks its articles in place: the picker stays open, nothing is loaded.
    const before = suite.page.url();
    await suite.page.getByRole("link", { name: "Procedural law (14–21)" }).click();
    expect(suite.page.url()).toBe(before);
    await expect(suite.page.locator(".pickers").getAttribute("open")).resolves.toBe("");
    expect(await ticked()).toEqual(["14", "15", "16", "17", "18", "19", "20", "21"]);
    await suite.page.getByRole("button", { name: "Clear all articles" }).click();
    await suite.page.getByRole("button", { name: "Select all of Chapter I", exact: true }).click();
    expect(await ticked()).toEqual(["1"]);
    await suite.page.getByLabel("Add articles by number").fill("29-31, 35");
    await suite.page.getByLabel("Add articles by number").press("Enter");
    await suite.page.waitForURL(/\/compare\?/);
    expect(
      await suite.page
        .locator(".matrix tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-article"))),
    ).toEqual(["1", "29", "30", "31", "35"]);
    await suite.page.screenshot({ path: `${suite.shots}picked.png`, fullPage: false });
  });

  it("without JavaScript a quick choice loads the comparison with the picker still open", async () => {
    const context = await suite.page.context().browser()!.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${suite.url}/compare?countries=GE,UA`);
    await expect(
      page.getByRole("button", { name: "Clear all articles" }).isVisible(),
    ).resolves.toBe(false);
    await page.locator(".pickers summary").click();
    await page.getByRole("link", { name: "Procedural law (14–21)" }).click();
    await page.waitForURL(/section=II\.2&pick=1#pickers$/);
    await expect(page.locator(".pickers").getAttribute("open")).resolves.toBe("");
    expect(
      await page
        .locator(".matrix tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-article"))),
    ).toEqual(["14", "15", "16", "17", "18", "19", "20", "21"]);
    await context.close();
  });

  it("lets the user pick countries and articles with the form, and narrow to differing rows", async () => {
    await suite.page.emulateMedia({ media: "screen" });
    await suite.page.setViewportSize({ width: 1400, height: 1000 });
    await suite.page.goto(`${suite.url}/compare`);
    await suite.page.locator(".pickers summary").click();
    await suite.page.getByRole("checkbox", { name: "Armenia", exact: true }).uncheck();
    await suite.page.getByRole("checkbox", { name: "Azerbaijan", exact: true }).uncheck();
    await suite.page.getByRole("checkbox", { name: "Belarus", exact: true }).uncheck();
    await suite.page.getByRole("checkbox", { name: "Only rows where countries differ" }).check();
    await suite.page.getByRole("button", { name: "Compare" }).click();
    await suite.page.waitForURL(/diff=1#matrix-title$/);
    // The focus lands on the matrix's heading, not the top of the page.
    await expect(suite.page.evaluate(() => document.activeElement?.id)).resolves.toBe(
      "matrix-title",
    );
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
