import { describe, expect, it } from "vitest";
import type { KbDocument } from "../../indexer/contract.js";
import {
  loadCorpusFromFiles,
  readCorpusFiles,
  type CorpusFile,
} from "../../indexer/corpus/index.js";
import { buildDocuments, createDocumentMemo } from "../../indexer/documents/index.js";
import { memoryParseCache } from "../../indexer/run.js";
import { REAL_CORPUS } from "../setup/helpers.js";

/**
 * A long-running publisher keeps documents between builds (a country's, and all the others but
 * `meta`); after every kind of edit, what it builds must be what a build from scratch gives.
 */
describe("documents kept between builds", () => {
  const files = readCorpusFiles(REAL_CORPUS);
  const cache = memoryParseCache();
  const memo = createDocumentMemo();
  let previous = new Map<string, KbDocument>();

  /** Builds with the memo and from scratch; returns how many documents were kept as objects. */
  function build(corpusFiles: CorpusFile[]): number {
    const { corpus, report } = loadCorpusFromFiles(corpusFiles, undefined, cache);
    expect(report.sorted()).toEqual([]);
    const kept = buildDocuments(corpus, "2026-01-01T00:00:00.000Z", "s", memo);
    const fresh = buildDocuments(corpus, "2026-01-01T00:00:00.000Z", "s");
    expect(kept).toEqual(fresh);
    const same = kept.filter((doc) => previous.get(doc.id) === doc).length;
    previous = new Map(kept.map((doc) => [doc.id, doc]));
    return same;
  }

  /** The corpus with one file's text changed. */
  async function edited(path: string, from: string, to: string): Promise<CorpusFile[]> {
    const all = await files;
    const file = all.find((f) => f.path.endsWith(path));
    expect(file?.text).toContain(from);
    return all.map((f) => (f === file ? { path: f.path, text: f.text.replace(from, to) } : f));
  }

  it("builds the same documents as from scratch after each kind of edit, and keeps the rest", async () => {
    const all = await files;
    expect(all.length).toBeGreaterThan(20);
    build(all);
    const total = previous.size;
    expect(total).toBeGreaterThan(100);

    // Nothing changed: everything but `meta` (its fingerprint is the corpus's) is kept.
    expect(build(all)).toBe(total - 1);

    // A country's prose: only that country's documents and `meta` are built again.
    const georgian = [...previous.keys()].filter((id) => /^(country|analysis)-ge\b/.test(id));
    expect(georgian.length).toBeGreaterThan(1);
    const prose = "No Georgian provision dealing with foreign requests";
    expect(build(await edited("countries/ge.md", prose, `${prose} (memo test)`))).toBe(
      total - georgian.length - 1,
    );
    expect(previous.get("analysis-ge-29")?.text).toContain("(memo test)");

    // Edits the other documents depend on: each is built again, as from scratch.
    const edits: [string, string, string][] = [
      ["countries/md.md", "name: Republic of Moldova", "name: Moldova (memo test)"],
      ["followup/events.md", "Moldova being the notable exception", "Moldova (memo test)"],
      ["about.md", "## Corrections", "## Corrections (memo test)"],
      [
        "instruments/guidance-notes.md",
        "Production orders for subscriber",
        "Orders (memo test) for subscriber",
      ],
      ["sources/ge.md", "Community: Georgia country wiki", "Community: Georgia (memo test)"],
      ["instruments/second-protocol.md", "title: Second", "title: (memo test) Second"],
      ["meetings.md", "| bucharest-2015 | ", "| bucharest-2015 | (memo test) "],
      ["project/workplan.md", "title: Cybercrime@EAP II", "title: Cybercrime@EAP II (memo test)"],
    ];
    for (const [path, from, to] of edits) {
      build(all); // back to the corpus as it is, so that only this edit differs
      expect(build(await edited(path, from, to))).toBeLessThan(total - 1);
      const shown = [...previous.values()].filter((doc) =>
        JSON.stringify(doc).includes("(memo test)"),
      );
      expect(shown.map((doc) => doc.kind)).not.toEqual([]);
    }
  });

  it("gives a reader of another version what it holds for that version, and stays the publisher's", async () => {
    const all = await files;
    build(all);
    const today = previous;
    expect(today.size).toBeGreaterThan(100);
    /** A build that only reads the memo (the history's, the editing check's). */
    const read = (corpusFiles: CorpusFile[]) => {
      const { corpus } = loadCorpusFromFiles(corpusFiles, undefined, cache);
      const docs = buildDocuments(corpus, "2026-01-01T00:00:00.000Z", "s", memo, "read");
      expect(docs).toEqual(buildDocuments(corpus, "2026-01-01T00:00:00.000Z", "s"));
      return docs.filter((doc) => today.get(doc.id) === doc).length;
    };
    // Today's version: every document but `meta` is the publisher's own object.
    expect(read(all)).toBe(today.size - 1);
    // A version whose sources differ (another context): nothing is taken, and nothing displaced.
    const earlier = await edited(
      "sources/ge.md",
      "Community: Georgia country wiki",
      "Community: Georgia (earlier)",
    );
    expect(read(earlier)).toBe(0);
    // One country's file differs: all the rest is taken.
    const georgian = [...today.keys()].filter((id) => /^(country|analysis)-ge\b/.test(id));
    const prose = "No Georgian provision dealing with foreign requests";
    expect(read(await edited("countries/ge.md", prose, `${prose} (earlier)`))).toBe(
      today.size - georgian.length - 1,
    );
    // The publisher's next build keeps everything but `meta`, as if no one else had read.
    expect(build(all)).toBe(today.size - 1);
  });
});
