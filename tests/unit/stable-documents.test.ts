/**
 * A document changes only when what it says changes: a save that adds a paragraph to one section
 * changes that section's document (and `meta`), not every later section of the file, and the
 * reading order (`order`) keeps every kind in its place at any number of countries.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeSyntheticCorpus } from "../../bench/synthetic.js";
import type { KbDocument } from "../../indexer/contract.js";
import { prepare } from "../../indexer/run.js";
import { REAL_CORPUS } from "../setup/helpers.js";
import { scratchDir } from "../setup/scratch.js";

/** Ids of the documents that are new, gone, or whose hash changed. */
function changedIds(before: readonly KbDocument[], after: readonly KbDocument[]): string[] {
  const old = new Map(before.map((d) => [d.id, d.hash]));
  const now = new Map(after.map((d) => [d.id, d.hash]));
  return [...new Set([...old.keys(), ...now.keys()])]
    .filter((id) => old.get(id) !== now.get(id))
    .sort();
}

/** `text` with `added` as a paragraph of its own after the paragraph that starts with `start`. */
function withParagraphAfter(text: string, start: string, added: string): string {
  const at = text.indexOf(start);
  expect(at, start).toBeGreaterThan(0);
  const end = text.indexOf("\n\n", at);
  return `${text.slice(0, end)}\n\n${added}${text.slice(end)}`;
}

describe("documents a save changes", () => {
  it("adding a paragraph to a section changes that section's document and meta only", async () => {
    const dir = await scratchDir("kb-stable-");
    await cp(REAL_CORPUS, dir, { recursive: true });
    const before = await prepare(dir);
    expect(before.messages).toEqual([]);
    const file = join(dir, "countries", "ge.md");
    const text = await readFile(file, "utf8");
    // The first analysis section's first paragraph of prose: every section after it moves down.
    const first = /^## Article (\d+)\b[^\n]*\n\n```yaml\n[\s\S]*?\n```\n\n(.{20})/m.exec(text);
    expect(first).not.toBeNull();
    const [, article, opening] = first!;
    const later = before.documents.filter(
      (d) => d.kind === "analysis" && d.country === "GE" && d.articles[0]! > Number(article),
    );
    expect(later.length).toBeGreaterThan(5);
    await writeFile(file, withParagraphAfter(text, opening!, "An author adds a paragraph here."));
    const after = await prepare(dir);
    expect(changedIds(before.documents, after.documents)).toEqual([
      `analysis-ge-${article}`,
      "meta",
    ]);
    const changed = after.documents.find((d) => d.id === `analysis-ge-${article}`);
    expect(changed?.text).toContain("An author adds a paragraph here.");
    // The file, as the indexer names it (relative to the working folder), without a line.
    expect(changed?.origin).toMatch(/(^|\/)countries\/ge\.md$/);
  });

  it("adding a paragraph to a recommendation changes that recommendation's document and meta only", async () => {
    const dir = await scratchDir("kb-stable-");
    await cp(REAL_CORPUS, dir, { recursive: true });
    const before = await prepare(dir);
    const file = join(dir, "recommendations", "coe-azerbaijan-2017.md");
    const text = await readFile(file, "utf8");
    expect(before.documents.some((d) => d.id.includes("KB-AZ-02"))).toBe(true);
    await writeFile(
      file,
      withParagraphAfter(text, "The Octopus wiki notes", "An author adds a paragraph here."),
    );
    const after = await prepare(dir);
    const changed = changedIds(before.documents, after.documents);
    expect(changed).toHaveLength(2);
    expect(changed).toContain("meta");
    expect(changed.find((id) => id !== "meta")).toMatch(/KB-AZ-01/);
  });
});

describe("reading order", () => {
  it("keeps each kind in its place and every order distinct, with more countries than fit between 2,000 and 5,000", async () => {
    const dir = await scratchDir("kb-order-");
    // 32 countries: the 31st and 32nd were the ones whose sections came after the recommendations
    // when countries had the numbers 2,000 to 5,000 (each country takes 100).
    await writeSyntheticCorpus(REAL_CORPUS, dir, 32);
    const { documents } = await prepare(dir);
    const place = [
      "page",
      "article",
      "protocol-article",
      "guidance-note",
      "profile",
      "recommendation",
      "followup",
      "activity",
    ];
    const block = (d: KbDocument) => place.indexOf(d.kind === "analysis" ? "profile" : d.kind);
    const sorted = documents.filter((d) => d.kind !== "meta").sort((a, b) => a.order - b.order);
    expect(sorted.filter((d) => d.kind === "profile")).toHaveLength(32);
    for (const kind of ["page", "article", "recommendation", "followup"])
      expect(
        sorted.some((d) => d.kind === kind),
        kind,
      ).toBe(true);
    expect(sorted.every((d) => block(d) >= 0)).toBe(true);
    const blocks = sorted.map(block);
    expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
    expect(new Set(sorted.map((d) => d.order)).size).toBe(sorted.length);
  });
});
