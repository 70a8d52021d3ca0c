import { describe, expect, it } from "vitest";
import type { KbDocument } from "../../indexer/index.js";
import { createMemoryReader } from "../../server/search/memory-reader.js";

const analysis = {
  id: "analysis-ge-29",
  kind: "analysis",
  title: "Georgia – Article 29",
  country: "GE",
  countries: ["GE"],
  articles: [29],
  order: 3,
  sources: [
    {
      id: "s1",
      title: "Code",
      publisher: "Parliament",
      url: "https://example.org/1",
      seen: "2024-01-01",
    },
    {
      id: "s2",
      title: "Law",
      publisher: "Ministry",
      url: "https://example.org/2",
      seen: "unknown",
    },
  ],
  data: {
    article: 29,
    articleTitle: "Expedited preservation",
    party: true,
    gapsHtml: "<p>x</p>",
    missing: null,
  },
} as unknown as KbDocument;

describe("the history's reader selects fields as the engine does", () => {
  it("keeps top-level fields and nested ones written with a dot, through arrays", async () => {
    const reader = createMemoryReader([analysis]);
    const [doc] = await reader.documents(undefined, [
      "country",
      "sources.title",
      "sources.url",
      "data.article",
      "data.party",
    ]);
    expect(doc).toEqual({
      country: "GE",
      sources: [
        { title: "Code", url: "https://example.org/1" },
        { title: "Law", url: "https://example.org/2" },
      ],
      data: { article: 29, party: true },
    });
  });

  it("keeps a field named whole whole, whatever else is named inside it, and leaves out what is not there", async () => {
    const reader = createMemoryReader([analysis]);
    for (const fields of [
      ["data.article", "data", "missing.inner", "absent"],
      ["data", "data.article", "missing.inner", "absent"],
    ]) {
      const [doc] = await reader.documents(undefined, fields);
      expect(doc).toStrictEqual({ data: (analysis as unknown as { data: object }).data });
    }
    // Through an array, a field its items lack is left out of each item.
    const [doc] = await reader.documents(undefined, ["sources.id", "sources.nothing"]);
    expect(doc).toStrictEqual({ sources: [{ id: "s1" }, { id: "s2" }] });
  });

  it("returns whole documents when no fields are named", async () => {
    const reader = createMemoryReader([analysis]);
    expect(await reader.documents(undefined)).toEqual([analysis]);
  });
});

describe("the history's reader for a scope", () => {
  it("is made once per scope, and reads only what the scope allows", async () => {
    const restricted = { ...analysis, id: "analysis-ge-30", access: ["group:alpha"] } as KbDocument;
    const reader = createMemoryReader([analysis, restricted]);
    const alpha = { key: "group:alpha", allowed: ["public", "group:alpha"] };
    const members = { key: "members", allowed: ["public", "members"] };
    expect(reader.withScope(alpha)).toBe(reader.withScope({ ...alpha }));
    expect(reader.withScope(members)).not.toBe(reader.withScope(alpha));
    const ids = async (r: ReturnType<typeof createMemoryReader>) =>
      (await r.documents(undefined, ["id"])).map((d) => d.id);
    expect(await ids(reader.withScope(alpha))).toEqual(["analysis-ge-29", "analysis-ge-30"]);
    expect(await ids(reader.withScope(members))).toEqual(["analysis-ge-29"]);
    expect(await ids(reader.withScope(members).withScope(null))).toEqual([
      "analysis-ge-29",
      "analysis-ge-30",
    ]);
  });
});

describe("the history's reader filters as the engine does", () => {
  const restricted = { ...analysis, id: "analysis-ge-30", access: ["group:alpha"] } as KbDocument;
  const members = {
    ...analysis,
    id: "analysis-ge-31",
    access: ["members", "public"],
  } as KbDocument;

  it("reads `NOT IN` on an array as: none of its elements in the list", async () => {
    const reader = createMemoryReader([analysis, restricted, members]);
    const ids = async (filter: string[]) =>
      (await reader.documents(filter, ["id"])).map((d) => d.id).sort();
    expect(await ids(['kind = "analysis"', 'access NOT IN ["public", "members"]'])).toEqual([
      "analysis-ge-29",
      "analysis-ge-30",
    ]);
    expect(await ids(['access NOT IN ["group:alpha"]'])).toEqual([
      "analysis-ge-29",
      "analysis-ge-31",
    ]);
  });
});
