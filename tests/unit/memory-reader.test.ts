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

  it("returns whole documents when no fields are named", async () => {
    const reader = createMemoryReader([analysis]);
    expect(await reader.documents(undefined)).toEqual([analysis]);
  });
});
