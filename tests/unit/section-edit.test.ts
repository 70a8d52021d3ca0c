import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpusFromFiles } from "../../indexer/corpus/index.js";
import {
  appendFollowup,
  appendSource,
  EditError,
  fieldAt,
  readAnalysis,
  readProfile,
  writeAnalysis,
  writeProfile,
  type AnalysisFields,
} from "../../indexer/edit/index.js";
import { FIXTURES, fixtureFiles } from "../setup/helpers.js";

// Edits from a form replace only the lines of what changed. Each test compares the text before
// and after: the lines before the first difference and after the last one must be the same bytes
// (line endings included), and the difference must be where the change is.

const BASIC = join(FIXTURES, "corpus-basic");
const read = (path: string) => readFile(join(BASIC, path), "utf8");

/** Lines with their endings, so that a changed ending counts as a change. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The differing middle of two texts, as 1-based line ranges in each (empty: from > to). */
function difference(before: string, after: string) {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  )
    end++;
  // Everything outside the middle is byte-for-byte the same.
  expect(a.slice(0, start).join("")).toBe(b.slice(0, start).join(""));
  expect(a.slice(a.length - end).join("")).toBe(b.slice(b.length - end).join(""));
  return {
    before: a.slice(start, a.length - end).join(""),
    after: b.slice(start, b.length - end).join(""),
    from: start + 1,
  };
}

const lineNumberOf = (text: string, needle: string) =>
  text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("an article section", () => {
  it("reads the fields an author wrote", async () => {
    const text = await read("countries/ge.md");
    const section = readAnalysis(text, 29);
    expect(section?.fields).toEqual({
      status: "partial",
      provisions: ["Fixture Code, Art. 136"],
      as_of: "2026-01-15",
      sources: ["fx-treaty", "fx-news"],
      missing: null,
      analysis:
        "Georgian fixture analysis of quick freeze requests from abroad through court orders.",
      gaps: "- No sixty-day minimum.",
    });
    expect(section?.region.startsWith("## Article 29 – ")).toBe(true);
    expect(section?.region.endsWith("- No sixty-day minimum.")).toBe(true);
    expect(readAnalysis(text, 30)).toBeNull();
  });

  it("changes only the status line when only the status changes", async () => {
    const text = await read("countries/ge.md");
    const fields = readAnalysis(text, 29)!.fields;
    const out = writeAnalysis(text, 29, { ...fields, status: "implemented" });
    const diff = difference(text, out.text);
    expect(diff.before).toBe("status: partial\n");
    expect(diff.after).toBe("status: implemented\n");
    expect(fieldAt(out.spans, { line: diff.from, column: 9 })).toBe("status");
  });

  it("writes nothing when nothing changed", async () => {
    const text = await read("countries/ge.md");
    const out = writeAnalysis(text, 16, readAnalysis(text, 16)!.fields);
    expect(out.text).toBe(text);
  });

  it("replaces only the prose lines when the prose changes", async () => {
    const text = await read("countries/ge.md");
    const fields = readAnalysis(text, 29)!.fields;
    const out = writeAnalysis(text, 29, {
      ...fields,
      analysis: "A new analysis.\n\nIn two paragraphs, with a [link](https://example.org).",
    });
    const diff = difference(text, out.text);
    expect(diff.before).toBe(`${fields.analysis}\n`);
    expect(diff.after).toBe(
      "A new analysis.\n\nIn two paragraphs, with a [link](https://example.org).\n",
    );
    expect(readAnalysis(out.text, 29)?.fields.gaps).toBe(fields.gaps);
  });

  it("keeps CRLF line endings and a missing final newline", async () => {
    const text = (await read("countries/ge.md")).replace(/\n/g, "\r\n").replace(/\r\n$/, "");
    const fields = readAnalysis(text, 35)!.fields;
    const status = writeAnalysis(text, 35, { ...fields, status: "partial" });
    const diff = difference(text, status.text);
    expect(diff.before).toBe("status: implemented\r\n");
    expect(diff.after).toBe("status: partial\r\n");
    const out = writeAnalysis(status.text, 35, {
      ...fields,
      status: "partial",
      gaps: "- The point of contact has no power to preserve data itself.",
    });
    expect(out.text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(out.text.endsWith("\r\n")).toBe(false);
    // The old last line gains an ending; the new last line has none, like the file had.
    expect(difference(status.text, out.text).after).toBe(
      "The Georgian point of contact works around the clock.\r\n\r\n### Gaps\r\n\r\n- The point of contact has no power to preserve data itself.",
    );
  });

  it("keeps comments and the lines of keys that did not change", async () => {
    const text = (await read("countries/ge.md")).replace(
      'provisions: ["Fixture Code, Art. 136"]\nas_of: 2026-01-15\nsources: [fx-treaty, fx-news]',
      'provisions: ["Fixture Code, Art. 136"]   # as cited by the court\nas_of: 2026-01-15\n# checked against both sources\nsources:   [fx-treaty,  fx-news]',
    );
    const fields = readAnalysis(text, 29)!.fields;
    const out = writeAnalysis(text, 29, { ...fields, as_of: "2026-02-01" });
    const diff = difference(text, out.text);
    expect(diff.before).toBe("as_of: 2026-01-15\n");
    expect(diff.after).toBe("as_of: 2026-02-01\n");
    expect(out.text).toContain("# checked against both sources\nsources:   [fx-treaty,  fx-news]");
  });

  it("adds `missing` after the sources for status unknown, and removes it again", async () => {
    const text = await read("countries/ge.md");
    const fields = readAnalysis(text, 29)!.fields;
    const unknown = writeAnalysis(text, 29, {
      ...fields,
      status: "unknown",
      missing: 'The text of the court order: a "quoted" title, and a colon: here.',
    });
    const diff = difference(text, unknown.text);
    expect(diff.after).toBe(
      'status: unknown\nprovisions: ["Fixture Code, Art. 136"]\nas_of: 2026-01-15\nsources: [fx-treaty, fx-news]\nmissing: "The text of the court order: a \\"quoted\\" title, and a colon: here."\n',
    );
    const back = writeAnalysis(unknown.text, 29, fields);
    expect(back.text).toBe(text);
  });

  it("adds a Gaps subsection where there was none and removes it when emptied", async () => {
    const text = await read("countries/ge.md");
    const fields = readAnalysis(text, 35)!.fields;
    const added = writeAnalysis(text, 35, { ...fields, gaps: "- One gap." });
    expect(difference(text, added.text).after).toContain("### Gaps\n\n- One gap.");
    expect(writeAnalysis(added.text, 35, fields).text).toBe(text);
    const withGaps = readAnalysis(text, 29)!.fields;
    const removed = writeAnalysis(text, 29, { ...withGaps, gaps: "" });
    const diff = difference(text, removed.text);
    // The heading, its list and the blank line before the heading go; the blank line before the
    // next section stays.
    expect(diff.before.replace(/^\n|\n$/, "")).toBe("### Gaps\n\n- No sixty-day minimum.\n");
    expect(diff.after).toBe("");
    expect(removed.text).toContain("through court orders.\n\n## Article 35");
  });

  it("refuses prose that would start a new section, naming the field", async () => {
    const text = await read("countries/ge.md");
    const fields = readAnalysis(text, 29)!.fields;
    const attempt = (change: Partial<AnalysisFields>) => () =>
      writeAnalysis(text, 29, { ...fields, ...change });
    expect(attempt({ analysis: "Text.\n\n## Article 30 – Injected" })).toThrow(EditError);
    expect(attempt({ gaps: "Gap\n===" })).toThrow(/headings of level 1 to 3/);
    try {
      attempt({ gaps: "### Gaps again" })();
    } catch (error) {
      expect((error as EditError).field).toBe("gaps");
    }
    expect(attempt({ analysis: "#### A small heading is fine\n\nText." })).not.toThrow();
  });

  it("maps a corpus message about the edited file to the field that caused it", async () => {
    const files = await fixtureFiles(BASIC);
    const ge = files.find((f) => f.path.endsWith("countries/ge.md"))!;
    const fields = readAnalysis(ge.text, 29)!.fields;
    const out = writeAnalysis(ge.text, 29, {
      ...fields,
      as_of: "2026-13-01",
      sources: ["fx-treaty", "no-such-source"],
      analysis: "Superscript written as Art. 4^1 in the prose.",
    });
    const changed = files.map((f) => (f === ge ? { ...f, text: out.text } : f));
    const { report } = loadCorpusFromFiles(changed);
    const mapped = report
      .sorted()
      .filter((m) => m.path === ge.path)
      .map((m) => [fieldAt(out.spans, m), m.rule]);
    expect(mapped).toEqual([
      ["as_of", "analysis"],
      ["analysis", "citation-style"],
    ]);
    // The unknown source is only found once the date is valid (the block is checked first).
    const second = writeAnalysis(ge.text, 29, { ...fields, sources: ["no-such-source"] });
    const again = loadCorpusFromFiles(
      files.map((f) => (f === ge ? { ...f, text: second.text } : f)),
    ).report.sorted();
    expect(again.map((m) => [fieldAt(second.spans, m), m.rule])).toEqual([
      ["sources", "unknown-source"],
    ]);
  });
});

describe("a country profile's lists", () => {
  it("rewrites only the list that changed, in the corpus's style", async () => {
    const text = await read("countries/ge.md");
    const profile = readProfile(text)!;
    expect(profile.fields.laws[0]).toMatchObject({
      number: "1772",
      url: "https://herald.example.org/cpc",
    });
    const out = writeProfile(text, {
      ...profile.fields,
      laws: [
        ...profile.fields.laws,
        {
          title: "Fixture Law on Electronic Evidence",
          number: "2024",
          date: "2024-05",
          url: null,
          note: "Adopted: yes",
          sources: ["fx-news"],
        },
      ],
    });
    const diff = difference(text, out.text);
    expect(diff.before).toBe("");
    expect(diff.after).toBe(
      '  - title: Fixture Law on Electronic Evidence\n    number: "2024"\n    date: 2024-05\n    note: "Adopted: yes"\n    sources: [fx-news]\n',
    );
    expect(readProfile(out.text)?.fields.laws).toHaveLength(2);
    expect(fieldAt(out.spans, { line: diff.from + 3, column: 5 })).toBe("laws.1.note");
    expect(fieldAt(out.spans, { line: diff.from, column: 5 })).toBe("laws.1.title");
  });

  it("keeps the other lists byte for byte when one authority changes", async () => {
    const text = await read("countries/ge.md");
    const profile = readProfile(text)!.fields;
    const out = writeProfile(text, {
      ...profile,
      contact_points: [{ ...profile.contact_points[0]!, role: "24/7 point of contact (Art. 35)." }],
    });
    const diff = difference(text, out.text);
    expect(diff.before).toBe("    role: 24/7 point of contact.\n");
    expect(diff.after).toBe("    role: 24/7 point of contact (Art. 35).\n");
    expect(fieldAt(out.spans, { line: diff.from, column: 5 })).toBe("contact_points.0.role");
  });
});

describe("a new source and a new follow-up row", () => {
  it("adds a source at the end of the list, with the list's indentation", async () => {
    const text = await read("sources.md");
    const out = appendSource(text, {
      id: "fx-new",
      title: "A title: with a colon",
      publisher: "Fixture Ministry",
      url: "https://ministry.example.org/page",
      seen: "2026-11-30",
      official: true,
      note: null,
    });
    const diff = difference(text, out.text);
    expect(diff.before).toBe("");
    expect(diff.after).toBe(
      '  - id: fx-new\n    title: "A title: with a colon"\n    publisher: Fixture Ministry\n    url: https://ministry.example.org/page\n    seen: 2026-11-30\n    official: true\n',
    );
    expect(fieldAt(out.spans, { line: diff.from + 3, column: 10 })).toBe("source.url");
  });

  it("adds a row after the table's last row, escaping a | in the event", async () => {
    const text = (await read("followup/fixture.md")).trimEnd();
    const out = appendFollowup(text, {
      date: "2026-11-30",
      recommendation: "FX-01",
      country: "MD",
      status: "adopted",
      event: "Parliament adopted the law | in a second reading,\nwith amendments.",
      sources: ["fx-news", "fx-treaty"],
    });
    // The last row gains the line ending it lacked; the new row keeps the file's lack of one.
    const diff = difference(text, out.text);
    expect(diff.after.split("\n").at(-1)).toBe(
      "| 2026-11-30 | FX-01 | MD | adopted | Parliament adopted the law \\| in a second reading, with amendments. | fx-news, fx-treaty |",
    );
    expect(diff.before).toBe(text.split("\n").at(-1));
    expect(out.text.endsWith("|")).toBe(true);
    const line = text.split("\n").length + 1;
    expect(fieldAt(out.spans, { line, column: 30 })).toBe("status");
    expect(fieldAt(out.spans, { line, column: 45 })).toBe("event");
    expect(lineNumberOf(out.text, "2026-11-30")).toBe(line);
  });
});
