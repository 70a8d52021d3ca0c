import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpusFromFiles, type CorpusFile } from "../../indexer/corpus/index.js";
import { formatMessage } from "../../indexer/report.js";
import { memoryParseCache } from "../../indexer/run.js";
import { baseFiles, caseFiles, caseNames, PARSE_CASES, runCase } from "../setup/parse-cases.js";

// Each folder under tests/fixtures/parse lays its files over the valid fixture corpus; its
// expected.json lists every message the check must print. A new case needs no new code.
describe("corpus problems are reported with path, line and column", async () => {
  for (const name of await caseNames()) {
    it(`case ${name}`, async () => {
      const expected = JSON.parse(
        await readFile(join(PARSE_CASES, name, "expected.json"), "utf8"),
      ) as { messages: string[] };
      expect(await runCase(name)).toEqual(expected.messages);
    });
  }
});

/**
 * A long-running publisher checks the corpus again after every save, keeping what it found in
 * files and records that did not change (the parse cache, and what the cross-file checks found
 * in the same sources, source uses and follow-up rows). What it reports must be what a check
 * from scratch reports, whatever came before.
 */
describe("a check that keeps what earlier checks found", () => {
  const cache = memoryParseCache();
  const check = (files: readonly CorpusFile[]) =>
    loadCorpusFromFiles(files, undefined, cache).report.sorted().map(formatMessage);
  const fresh = (files: readonly CorpusFile[]) =>
    loadCorpusFromFiles(files).report.sorted().map(formatMessage);
  /** The files with a paragraph added at the end of those `pick` chooses. */
  const appended = (files: readonly CorpusFile[], pick: (file: CorpusFile) => boolean) =>
    files.map((f) =>
      pick(f) ? { path: f.path, text: `${f.text}\nA paragraph added by the test.\n` } : f,
    );
  const isCountry = (file: CorpusFile) => file.path.includes("/countries/");

  it("reports every case's messages before and after a save of another file, and none once it is gone", async () => {
    const base = await baseFiles();
    expect(check(base)).toEqual([]);
    const names = await caseNames();
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const expected = (
        JSON.parse(await readFile(join(PARSE_CASES, name, "expected.json"), "utf8")) as {
          messages: string[];
        }
      ).messages;
      const files = await caseFiles(name);
      const overlaid = new Set(
        files
          .filter((f) => !base.some((b) => b.path === f.path && b.text === f.text))
          .map((f) => f.path),
      );
      expect(check(files), name).toEqual(expected);
      const another = files.find((f) => isCountry(f) && !overlaid.has(f.path));
      expect(another).toBeDefined();
      expect(check(appended(files, (f) => f === another)), `${name}, another file saved`).toEqual(
        expected,
      );
      // The case's own country files saved again, their other sections (and their blocks) the same.
      if (files.some((f) => isCountry(f) && overlaid.has(f.path)))
        expect(
          check(appended(files, (f) => isCountry(f) && overlaid.has(f.path))),
          `${name}, its country file saved`,
        ).toEqual(expected);
      expect(check(files), `${name}, again`).toEqual(expected);
      expect(check(base), `${name} undone`).toEqual([]);
    }
  });

  it("finds a source the countries cite unknown once its definition is removed, though no country file changed", async () => {
    const base = await baseFiles();
    expect(check(base)).toEqual([]);
    const definition = / {2}- id: fx-news\n(?: {4}.*\n)+/;
    const withoutNews = base.map((f) =>
      f.path.endsWith("corpus-basic/sources.md")
        ? { path: f.path, text: f.text.replace(definition, "") }
        : f,
    );
    expect(withoutNews.find((f) => f.path.endsWith("corpus-basic/sources.md"))?.text).not.toContain(
      "fx-news",
    );
    const messages = check(withoutNews);
    expect(messages.some((m) => m.includes("unknown source `fx-news`"))).toBe(true);
    expect(messages).toEqual(fresh(withoutNews));
    expect(check(base)).toEqual([]);
  });
});
