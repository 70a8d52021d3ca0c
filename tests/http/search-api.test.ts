import { readFile } from "node:fs/promises";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import {
  copyToTemp,
  dropIndex,
  FIXTURES,
  publishFolder,
  removeDir,
  testApp,
  uniqueIndex,
  writeText,
} from "../setup/helpers.js";

const index = uniqueIndex("http_search");
let app: express.Express;
let corpusDir: string;

// The fixture corpus, with hostile text in one analysis to check escaping end to end.
const PAYLOAD = '<script>alert("xss")</script> <img src=x onerror=alert(1)> Evil & "quoted" text';

beforeAll(async () => {
  corpusDir = await copyToTemp(join(FIXTURES, "corpus-basic"));
  const md = await readFile(join(corpusDir, "countries/md.md"), "utf8");
  await writeText(
    join(corpusDir, "countries/md.md"),
    md.replace("No Moldovan fixture provision", `${PAYLOAD}. No Moldovan fixture provision`),
  );
  await publishFolder(corpusDir, index);
  ({ app } = await testApp(index));
});
afterAll(async () => {
  await dropIndex(index);
  await removeDir(corpusDir);
});

const api = (query: Record<string, string | string[]>) =>
  request(app).get("/api/search").query(query);

describe("facets", () => {
  it("count every value, and keep a selected facet's other values (disjunctive)", async () => {
    const all = await api({ q: "fixture" });
    const onlyAnalyses = await api({ q: "fixture", kind: "analysis" });
    expect(onlyAnalyses.body.total).toBe(all.body.facets.kind.analysis);
    expect(onlyAnalyses.body.facets.kind).toEqual(all.body.facets.kind);
    // Other facets are counted within the selection (AND across facets).
    const countryTotal = Object.values(
      onlyAnalyses.body.facets.country as Record<string, number>,
    ).reduce((a, b) => a + b, 0);
    expect(countryTotal).toBeLessThanOrEqual(onlyAnalyses.body.total + 2);
    expect(onlyAnalyses.body.facets.country.GE).toBeGreaterThan(0);
  });

  it("combine several values of one facet with OR and different facets with AND", async () => {
    const ge = await api({ q: "fixture", kind: "analysis", country: "GE" });
    const md = await api({ q: "fixture", kind: "analysis", country: "MD" });
    const both = await api({ q: "fixture", kind: "analysis", country: ["GE", "MD"] });
    expect(both.body.total).toBe(ge.body.total + md.body.total);
    for (const hit of both.body.hits) {
      expect(hit.kind).toBe("analysis");
      expect(["GE", "MD"]).toContain(hit.country);
    }
    expect(both.body.applied).toEqual([
      { facet: "country", value: "GE", fromQuery: false, label: "Georgia" },
      { facet: "country", value: "MD", fromQuery: false, label: "Republic of Moldova" },
      { facet: "kind", value: "analysis", fromQuery: false, label: "Country analysis" },
    ]);
  });

  it("keep a selected value listed even when nothing matches it", async () => {
    const res = await api({ q: "sixty", country: "MD" });
    expect(res.body.total).toBe(0);
    expect(res.body.facets.country.MD).toBe(0);
  });

  it("filter by status, year and source", async () => {
    const res = await api({ status: "implemented", year: "2024" });
    expect(res.body.hits.map((h: { id: string }) => h.id)).toEqual(["analysis-md-18"]);
    const bySource = await api({ source: "Fixture News", kind: "followup" });
    expect(bySource.body.total).toBe(4);
  });
});

describe("article and country recognition", () => {
  it("turns `art. 29(2) Georgia quick freeze` into an article filter with its paragraph, a country filter and text", async () => {
    const res = await api({ q: "art. 29(2) Georgia quick freeze" });
    expect(res.body.applied).toEqual([
      { facet: "article", value: "29", fromQuery: true, label: "Article 29(2)", paragraph: "2" },
      { facet: "country", value: "GE", fromQuery: true, label: "Georgia" },
    ]);
    expect(res.body.text).toBe("quick freeze");
    expect(res.body.hits.slice(0, 2).map((h: { id: string }) => h.id)).toContain("analysis-ge-29");
    for (const hit of res.body.hits) expect(hit.articles).toContain(29);
  });

  it("understands Cyrillic article references and country names", async () => {
    const res = await api({ q: "стаття 29 Грузия" });
    expect(
      res.body.applied.map((a: { facet: string; value: string }) => `${a.facet}:${a.value}`),
    ).toEqual(["article:29", "country:GE"]);
  });

  it("searches the query as typed with literal=1", async () => {
    const res = await api({ q: "Georgia", literal: "1" });
    expect(res.body.applied).toEqual([]);
    expect(res.body.text).toBe("Georgia");
  });

  it("finds a national provision by its article number, which no Convention article has", async () => {
    const res = await api({ q: "Art. 136" });
    expect(res.body.applied).toEqual([]);
    expect(res.body.text).toBe("Art. 136");
    expect(res.body.notices).toEqual([
      "There is no Article 136 in the Convention (Articles 1–48): “Art. 136” is searched as text.",
    ]);
    expect(res.body.hits[0]?.id).toBe("analysis-ge-29");
    const page = await request(app).get("/search").query({ q: "Art. 136", lang: "uk" });
    expect(page.text).toContain(
      "У Конвенції немає статті 136 (статті 1–48): «Art. 136» шукається як текст.",
    );
  });

  it("never lets a typo turn one provision number into another", async () => {
    const exact = await api({ q: "136" });
    expect(exact.body.hits.map((h: { id: string }) => h.id)).toContain("analysis-ge-29");
    const other = await api({ q: "137" });
    expect(other.body.hits.map((h: { id: string }) => h.id)).not.toContain("analysis-ge-29");
  });
});

describe("escaping", () => {
  it("escapes indexed text before marking matches in snippets", async () => {
    const res = await api({ q: "Evil quoted" });
    const hit = res.body.hits.find((h: { id: string }) => h.id === "analysis-md-29");
    expect(hit.snippet).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;");
    expect(hit.snippet).toContain("<mark>Evil</mark>");
    expect(hit.snippet).not.toMatch(/<script|<img/);
    const page = await request(app).get("/search").query({ q: "Evil quoted" });
    expect(page.text).not.toContain("<script>alert");
    expect(page.text).not.toContain("<img src=x");
  });

  it("escapes the query echoed in titles, form values and headings", async () => {
    const q = '"><svg onload=alert(1)>';
    const page = await request(app).get("/search").query({ q });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("<svg onload");
    expect(page.text).toContain("&quot;&gt;&lt;svg onload&#x3D;alert(1)&gt;");
  });

  it("does not render the hostile corpus text as markup on the country page", async () => {
    const page = await request(app).get("/countries/MD");
    expect(page.text).not.toContain("<script>alert");
    expect(page.text).not.toMatch(/onerror=/);
  });
});

describe("odd but harmless input", () => {
  it.each([
    ["empty", ""],
    ["spaces", "   "],
    ["emoji and combining marks", "🔍 préservation e\u0301"],
    ["right-to-left override and NUL", "a\u202eb\u0000c"],
    ["only punctuation", "(((((("],
    ["filter syntax", 'country = "UA" OR kind != "meta"'],
  ])("%s → 200", async (_name, q) => {
    const res = await api({ q });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.hits)).toBe(true);
    for (const hit of res.body.hits) expect(hit.kind).not.toBe("meta");
  });

  it("answers a page past the end with no hits and the real number of pages", async () => {
    const res = await api({ q: "fixture", page: "99" });
    expect(res.status).toBe(200);
    expect(res.body.hits).toEqual([]);
    expect(res.body.pages).toBe(3);
    const html = await request(app).get("/search").query({ q: "fixture", page: "99" });
    expect(html.text).toContain("Page 99 is past the last page (3).");
  });

  it.each([
    ["source", "Nobody"],
    ["chapter", "IX"],
    ["status", "done"],
    ["followup", "finished"],
    ["year", "20x6"],
    ["sort", "random"],
    ["literal", "yes"],
  ])("refuses an unknown %s value with a 400 naming it", async (facet, value) => {
    const res = await api({ [facet]: value });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toMatch(new RegExp(`^${facet}`));
  });
});

describe("article and country pages", () => {
  it("show an article's summary, requirements, reservations and every country's analysis with status, date and sources", async () => {
    const res = await request(app).get("/articles/29");
    expect(res.status).toBe(200);
    for (const text of [
      "Article 29 – Expedited preservation of stored computer data",
      "Art. 29(2)(a)",
      "Reservations it allows (Art. 42)",
      'id="GE"',
      'id="MD"',
      'id="BY"',
      "Partly implemented",
      "Not implemented",
      "As of 15 January 2026",
      "Fixture Treaty Office",
      "(benchmark)",
    ]) {
      expect(res.text).toContain(text);
    }
    expect(res.text).toContain('href="/search?article&#x3D;29"');
    const json = await request(app).get("/api/articles/29");
    expect(
      json.body.countries.map((c: { code: string; status: string }) => [c.code, c.status]),
    ).toEqual([
      ["BY", "unknown"],
      ["GE", "partial"],
      ["MD", "not-implemented"],
    ]);
    expect(json.body.reservations).toEqual([
      { ref: "29.4", text: "refusal where dual criminality will not be met" },
    ]);
  });

  it("says which countries were not analysed for an article", async () => {
    const res = await request(app).get("/articles/35");
    expect(res.text).toContain("Not analysed for this article.");
    expect(
      (await request(app).get("/api/articles/35")).body.notAnalysed
        .map((c: { code: string }) => c.code)
        .sort(),
    ).toEqual(["BY", "MD"]);
  });

  it("show a country's profile, treaty status, authorities, laws and analysis with permalinks", async () => {
    const res = await request(app).get("/countries/GE");
    expect(res.status).toBe(200);
    for (const text of [
      "Treaty status",
      "1 October 2012",
      "Fixture Ministry of Justice",
      "Fixture Police Department",
      "Fixture Code of Criminal Procedure",
      'id="art-29"',
      'href="#art-29"',
      "What is missing for an assessment:",
      'href="/search?country&#x3D;GE"',
    ]) {
      expect(res.text).toContain(text);
    }
    const json = await request(app).get("/api/countries/GE");
    expect(json.body.sections.map((s: { article: number }) => s.article)).toEqual([16, 29, 35]);
  });

  it("redirect a lower-case code and a padded number to the canonical address", async () => {
    expect((await request(app).get("/countries/ge")).headers.location).toBe("/countries/GE");
    expect((await request(app).get("/articles/029")).headers.location).toBe("/articles/29");
  });

  it.each([
    "/articles/49",
    "/articles/0",
    "/articles/abc",
    "/countries/ZZ",
    "/countries/GEO",
    "/api/articles/49",
    "/api/countries/ZZ",
  ])("answer %s with a 404 that links back to the lists", async (path) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(404);
    if (path.startsWith("/api/")) expect(res.body.error.id).toBe("not_found");
    else expect(res.text).toContain('href="/articles"');
  });

  it("list the articles by chapter and the countries with their status counts", async () => {
    const articles = await request(app).get("/articles");
    expect(articles.text).toContain("Chapter III – International co-operation");
    expect((await request(app).get("/api/articles")).body.articles).toHaveLength(48);
    const countries = await request(app).get("/api/countries");
    expect(countries.body.countries.map((c: { code: string }) => c.code)).toEqual([
      "BY",
      "GE",
      "MD",
    ]);
  });
});
