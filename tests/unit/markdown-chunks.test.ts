import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { headingChunks, parseMarkdown, renderHtml, sections } from "../../indexer/markdown.js";

// parseMarkdown reads a long file a section at a time and keeps the sections it has read. The
// tree must be exactly the one a whole-file parse gives, positions included, whatever the file
// holds: each case below is checked against the parser run on the whole text.

const whole = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm);

/** Long enough to be read in sections (the split starts at 8 KB). */
const FILLER = Array.from(
  { length: 120 },
  (_, i) => `Paragraph ${i} about mutual legal assistance and expedited preservation of data.`,
).join("\n\n");

function sameAsWhole(text: string): void {
  expect(text.length).toBeGreaterThan(8_192);
  expect(parseMarkdown(text)).toStrictEqual(whole.parse(text));
}

const CASES: Record<string, string> = {
  "sections with yaml blocks": `---\ntype: country\n\n# a YAML comment, not a heading\n---\n\n# Title\n\n${FILLER}\n\n## Article 29\n\n\`\`\`yaml\nstatus: partial\n\`\`\`\n\nText.\n\n## Article 30\n\nMore text.\n`,
  "a heading inside fenced code": `# T\n\n${FILLER}\n\n\`\`\`md\n\n## not a heading\n\n\`\`\`\n\n## Real\n\ntext\n\n~~~~\n\n## still code\n~~~\n\n## also code\n~~~~\n\n## After\n`,
  "an unclosed fence runs to the end": `# T\n\n${FILLER}\n\n\`\`\`\n\n## code\n\n## code too\n`,
  "a heading inside an HTML comment": `# T\n\n${FILLER}\n\n<!-- a note\n\n## not a section\n\n-->\n\n## Section\n\ntext\n`,
  "a heading with no blank line before it": `# T\n\n${FILLER}\nparagraph\n## Interrupts\n\n- list item\n## Also\n`,
  "lists, quotes and tables before headings": `# T\n\n${FILLER}\n\n- item\n\n  continued\n\n## H1\n\n> quote\n\n## H2\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n## H3\n\n1. one\n\n       indented code in the item\n\n## H4\n`,
  "CRLF line endings": `# T\r\n\r\n${FILLER.replace(/\n/g, "\r\n")}\r\n\r\n## A\r\n\r\ntext\r\n\r\n## B\r\n\r\ntext`,
  "no newline at the end": `# T\n\n${FILLER}\n\n## Last\n\ntext without newline`,
  "empty headings and deep levels": `# T\n\n${FILLER}\n\n##\n\n###### Six\n\n####### seven is text\n\n#hashtag is text\n`,
  "setext headings": `Title\n=====\n\n${FILLER}\n\nSub\n---\n\n## ATX\n\ntext\n`,
  "link reference definitions (read whole)": `# T\n\n${FILLER}\n\nSee [the law][law].\n\n## Later\n\n[law]: https://example.org/law\n`,
  "footnotes (read whole)": `# T\n\n${FILLER}\n\nA claim.[^1]\n\n## Later\n\n[^1]: A note.\n`,
  "raw HTML spanning blank lines (read whole)": `# T\n\n${FILLER}\n\n<pre>\n\n## inside pre\n\n</pre>\n\n## After\n`,
  "an HTML block before a heading": `# T\n\n${FILLER}\n\n<div>\nhtml\n## in the block\n</div>\n\n## Out\n`,
};

describe("reading a long file a section at a time", () => {
  it.each(Object.entries(CASES))("%s gives the whole file's tree", (_name, text) => {
    sameAsWhole(text);
  });

  it("cuts at headings after a blank line, outside code, comments and front matter", () => {
    const text = CASES["a heading inside fenced code"]!;
    const chunks = headingChunks(text);
    expect(chunks).not.toBeNull();
    const starts = chunks!.map((c) => text.slice(c.offset, text.indexOf("\n", c.offset)));
    expect(starts).toEqual(["# T", "## Real", "## After"]);
    expect(headingChunks(CASES["link reference definitions (read whole)"]!)).toBeNull();
  });

  it("reads every file of the corpus as a whole-file parse does, and again after an edit", async () => {
    const dir = join(process.cwd(), "corpus");
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".md"));
    const long = [];
    for (const file of files) {
      const text = await readFile(join(dir, file), "utf8");
      expect(parseMarkdown(text)).toStrictEqual(whole.parse(text));
      if ((headingChunks(text)?.length ?? 0) > 2) long.push(text);
    }
    expect(long.length).toBeGreaterThanOrEqual(6);
    // A section edited in the middle (lines added): the sections after it move down; the ones read
    // before come from the cache with their positions moved.
    for (const text of long.slice(0, 3)) {
      const cut = text.indexOf("\n## ", text.length / 2);
      expect(cut).toBeGreaterThan(0);
      const edited = `${text.slice(0, cut)}\n\nAn added paragraph\nover two lines.\n${text.slice(cut)}`;
      expect(parseMarkdown(edited)).toStrictEqual(whole.parse(edited));
    }
  });
});

describe("HTML of sections read in runs", () => {
  /** Each section's HTML as renderHtml gives it, and as it gives it for copies it has not seen. */
  const both = (text: string) =>
    sections(parseMarkdown(text), 2).sections.map((section) => [
      renderHtml(section.body),
      renderHtml(section.body.map((node) => ({ ...node }))),
    ]);
  /** A section of three runs (its heading, then two subheadings), and one of one. */
  const text = (middle: string, last: string) =>
    `# T\n\n${FILLER}\n\n## Article 29\n\nFirst run.\n\n### Gaps\n\n${middle}\n\n### Notes\n\nThird run.\n\n## Article 30\n\n${last}\n`;

  it("is the same from kept runs as rendered afresh, after every edit, wherever it is", () => {
    const versions = [
      text("Middle run.", "Last."),
      text("Middle run, **edited**.", "Last."),
      text("Middle run, **edited**.", "Last, _edited_."),
      text("Middle run.", "Last."),
    ];
    for (const version of versions) {
      expect(headingChunks(version)?.length).toBeGreaterThan(3);
      const rendered = both(version);
      expect(rendered.length).toBe(2);
      for (const [kept, fresh] of rendered) expect(kept).toBe(fresh);
      // Read again (every run now kept): the same.
      expect(both(version)).toEqual(rendered);
    }
    expect(both(versions[1]!)[0]![0]).toContain("<strong>edited</strong>");
    expect(both(versions[0]!)[0]![0]).not.toContain("edited");
  });
});
