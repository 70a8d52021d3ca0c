import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KbDocumentSchema } from "../../indexer/contract.js";
import { buildSynonyms } from "../../indexer/documents/index.js";
import { fixtureDocuments, FIXTURES } from "../setup/helpers.js";

const BASIC = join(FIXTURES, "corpus-basic");

describe("documents built from the fixture corpus", () => {
  it("has one document per article, profile, analysis, recommendation, follow-up entry and page, plus meta", async () => {
    const { documents } = await fixtureDocuments(BASIC);
    const count = (kind: string) => documents.filter((d) => d.kind === kind).length;
    expect(count("article")).toBe(48);
    expect(count("profile")).toBe(3);
    expect(count("analysis")).toBe(6);
    expect(count("recommendation")).toBe(2);
    expect(count("followup")).toBe(4);
    expect(count("page")).toBe(1);
    expect(count("meta")).toBe(1);
    for (const doc of documents) expect(KbDocumentSchema.safeParse(doc).success, doc.id).toBe(true);
    expect(new Set(documents.map((d) => d.id)).size).toBe(documents.length);
  });

  it("turns an analysis section into a document with its status, provisions, sources and permalink", async () => {
    const { documents } = await fixtureDocuments(BASIC);
    const doc = documents.find((d) => d.id === "analysis-ge-29");
    expect(doc).toMatchObject({
      kind: "analysis",
      title: "Georgia: Article 29 – Expedited preservation of stored computer data",
      country: "GE",
      countries: ["GE"],
      articles: [29],
      chapter: "III",
      status: "partial",
      provisions: ["Fixture Code, Art. 136"],
      date: "2026-01-15",
      year: 2026,
      url: "/countries/GE#art-29",
      source: ["Fixture Treaty Office", "Fixture News"],
      recommendations: ["FX-01"],
      origin: "tests/fixtures/corpus-basic/countries/ge.md",
    });
    expect(doc?.sources.map((s) => s.id)).toEqual(["fx-treaty", "fx-news"]);
    expect(doc?.html).toContain("quick freeze");
    expect(doc?.kind === "analysis" && doc.data.gapsHtml).toContain("No sixty-day minimum");
    expect(doc?.html).not.toContain("sixty-day");
  });

  it("keeps an unknown section's explanation of what is missing", async () => {
    const { documents } = await fixtureDocuments(BASIC);
    const doc = documents.find((d) => d.id === "analysis-ge-16");
    expect(doc?.status).toBe("unknown");
    expect(doc?.kind === "analysis" && doc.data.missing).toBe(
      "The text of the preservation provision.",
    );
  });

  it("marks a non-Party's analyses and gives recommendations all the countries they address", async () => {
    const { documents } = await fixtureDocuments(BASIC);
    const by29 = documents.find((d) => d.id === "analysis-by-29");
    expect(by29?.kind === "analysis" && by29.data.party).toBe(false);
    expect(by29?.kind).toBe("analysis");
    expect(documents.find((d) => d.id === "rec-FX-02")).toMatchObject({
      countries: ["BY", "GE", "MD"],
      articles: [35],
      country: null,
    });
  });

  it("gives follow-up entries their recommendation's articles and a stable reading order", async () => {
    const { documents } = await fixtureDocuments(BASIC);
    const entries = documents.filter((d) => d.kind === "followup");
    expect(entries.map((e) => [e.country, e.date, e.followup])).toEqual([
      ["GE", "2015-10-01", "in-progress"],
      ["GE", "2016-02-01", "draft-prepared"],
      ["GE", "2016-02-01", "adopted"],
      ["MD", "2015-12-01", "implemented"],
    ]);
    expect(entries[0]?.articles).toEqual([29]);
    expect(entries[0]?.order).toBeLessThan(entries[1]?.order ?? 0);
  });

  it("renders Markdown as sanitized HTML", async () => {
    const { documents } = await fixtureDocuments(BASIC);
    expect(documents.filter((d) => d.html !== "").length).toBeGreaterThan(10);
    for (const doc of documents) {
      expect(doc.html).not.toMatch(/<script|onerror=|javascript:/i);
    }
  });

  it("records the fingerprint, meetings and instruments in the meta document", async () => {
    const { documents, corpus } = await fixtureDocuments(BASIC);
    const meta = documents.find((d) => d.id === "meta");
    if (meta?.kind !== "meta") throw new Error("no meta document");
    expect(meta.data.fingerprint).toBe(corpus.fingerprint);
    expect(meta.data.meetings.map((m) => m.id)).toEqual(["fx-first", "fx-second"]);
    expect(meta.data.instruments.map((i) => i.id)).toEqual(["bc"]);
  });

  it("maps every synonym to the other terms of its group", async () => {
    const { corpus } = await fixtureDocuments(BASIC);
    expect(buildSynonyms(corpus)).toEqual({
      "quick freeze": ["expedited preservation"],
      "expedited preservation": ["quick freeze"],
      "subscriber information": ["subscriber data"],
      "subscriber data": ["subscriber information"],
    });
  });
});
