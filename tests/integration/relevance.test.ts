import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { testApp } from "../setup/helpers.js";
import { sharedIndex } from "../setup/helpers.js";

// The relevance suite: what a legal expert types, and what must come first, on the real corpus.
// `first` must be the first hit; `top` must all appear among the first `within` hits; `filters`
// are the filters the query must turn into (article and country recognition).

interface Case {
  q: string;
  params?: Record<string, string>;
  first?: string;
  top?: string[];
  within?: number;
  filters?: string[];
  none?: boolean;
  /** How many analyses of `first`'s article must follow it directly. */
  analysesNext?: number;
  /** Thesaurus concepts the query must be understood as (ids, in order). */
  concepts?: string[];
}

const CASES: Case[] = [
  // Article references in every form users write them.
  { q: "art. 29", first: "bc-art-29", filters: ["article:29"] },
  { q: "Article 29(2)", first: "bc-art-29", filters: ["article:29"] },
  { q: "art29", first: "bc-art-29", filters: ["article:29"] },
  { q: "BC 35", first: "bc-art-35", filters: ["article:35"] },
  { q: "ст. 29", first: "bc-art-29", filters: ["article:29"] },
  { q: "стаття 35", first: "bc-art-35", filters: ["article:35"] },
  {
    q: "Articles 29-31",
    top: ["bc-art-29", "bc-art-30", "bc-art-31"],
    within: 3,
    filters: ["article:29", "article:30", "article:31"],
  },
  { q: "art. 16 Georgia", first: "analysis-ge-16", filters: ["article:16", "country:GE"] },
  {
    q: "Ukraine art. 27",
    top: ["analysis-ua-27"],
    within: 2,
    filters: ["article:27", "country:UA"],
  },
  // Countries by name, alias and code.
  { q: "Moldova", first: "country-md", filters: ["country:MD"] },
  { q: "Republic of Moldova", first: "country-md", filters: ["country:MD"] },
  { q: "Belarus", first: "country-by", filters: ["country:BY"] },
  { q: "Україна", first: "country-ua", filters: ["country:UA"] },
  { q: "Georgia subscriber information", first: "analysis-ge-18", filters: ["country:GE"] },
  { q: "Moldova production order", first: "analysis-md-18", filters: ["country:MD"] },
  {
    q: "Ukraine preservation",
    top: ["analysis-ua-16", "analysis-ua-29"],
    within: 4,
    filters: ["country:UA"],
  },
  {
    q: "Azerbaijan central authority",
    top: ["analysis-az-27"],
    within: 3,
    filters: ["country:AZ"],
  },
  // Legal terms and their synonyms.
  { q: "quick freeze", top: ["bc-art-16", "bc-art-29"], within: 3 },
  { q: "expedited preservation", top: ["bc-art-16", "bc-art-29"], within: 4 },
  { q: "production order", first: "bc-art-18" },
  { q: "subscriber information", top: ["bc-art-18"], within: 5 },
  { q: "central authority", first: "bc-art-27" },
  { q: "24/7 point of contact", top: ["bc-art-35"], within: 3 },
  { q: "contact point", top: ["bc-art-35"], within: 5 },
  { q: "extradition", first: "bc-art-24" },
  { q: "spontaneous information", first: "bc-art-26" },
  { q: "trans-border access", first: "bc-art-32" },
  { q: "wiretapping", first: "bc-art-21" },
  { q: "search and seizure", top: ["bc-art-19"], within: 3 },
  { q: "dual criminality", top: ["bc-art-29"], within: 3 },
  { q: "confidentiality", top: ["bc-art-28"], within: 3 },
  { q: "MLAT", top: ["bc-art-27"], within: 3 },
  { q: "interception", top: ["bc-art-21", "bc-art-34"], within: 4 },
  // Typos are forgiven in words, never in article numbers.
  { q: "preservaton", top: ["bc-art-16", "bc-art-29"], within: 4 },
  { q: "extradtion", first: "bc-art-24" },
  { q: "art. 19", first: "bc-art-19", filters: ["article:19"] },
  // Recommendations, follow-up and the Protocol.
  { q: "templates", top: ["rec-KB-EAP-04", "rec-KB-MLA-03"], within: 3 },
  {
    q: "Second Additional Protocol",
    params: { kind: "protocol-article" },
    top: ["p2-art-1"],
    within: 3,
  },
  { q: "Investigative Committee", params: { country: "AM" }, top: ["analysis-am-35"], within: 3 },
  { q: "xyzzy plugh", none: true },
  // Concept queries: the Convention article that defines the concept, then the country analyses
  // of that article; the Second Protocol only after the Convention, unless the query names it.
  {
    q: "subscriber information",
    first: "bc-art-18",
    analysesNext: 6,
  },
  { q: "production order", first: "bc-art-18" },
  { q: "24/7 point of contact", first: "bc-art-35", analysesNext: 6 },
  // "24/7" is one word: Article 24's "24(7)" (Extradition) does not come between them.
  { q: "24/7", first: "bc-art-35", analysesNext: 6 },
  { q: "24x7", first: "bc-art-35", analysesNext: 6 },
  { q: "central authority", first: "bc-art-27", analysesNext: 6 },
  { q: "Second Additional Protocol subscriber information", first: "p2-art-7" },
  { q: "protocol subscriber information", top: ["p2-art-7", "p2-art-8"], within: 2 },
  // Queries in the users' languages: the thesaurus's terms, in the case forms the sources use,
  // are searched as the concept's English term; the expected articles come in the first five.
  {
    q: "сохранение данных",
    top: ["bc-art-16", "bc-art-29"],
    concepts: ["expedited-preservation"],
  },
  {
    q: "сохранности данных",
    top: ["bc-art-16", "bc-art-29"],
    concepts: ["expedited-preservation"],
  },
  {
    q: "обеспечение сохранности данных",
    top: ["bc-art-16", "bc-art-29"],
    concepts: ["expedited-preservation"],
  },
  {
    q: "взаимная правовая помощь",
    top: ["bc-art-25", "bc-art-27"],
    concepts: ["mutual-assistance"],
  },
  { q: "экстрадиция", first: "bc-art-24", concepts: ["extradition"] },
  { q: "выдачи", first: "bc-art-24", concepts: ["extradition"] },
  {
    q: "збереження даних",
    top: ["bc-art-16", "bc-art-29"],
    concepts: ["expedited-preservation"],
  },
  { q: "екстрадиція", first: "bc-art-24", concepts: ["extradition"] },
  {
    q: "міжнародна правова допомога",
    top: ["bc-art-25", "bc-art-27"],
    concepts: ["mutual-assistance"],
  },
  {
    q: "Moldova conservarea datelor",
    top: ["analysis-md-16", "analysis-md-29"],
    filters: ["country:MD"],
    concepts: ["expedited-preservation"],
  },
  { q: "extradare", first: "bc-art-24", concepts: ["extradition"] },
  { q: "autoritatea centrala", first: "bc-art-27", concepts: ["central-authority"] },
  {
    q: "Грузия экстрадиция",
    top: ["analysis-ge-24"],
    filters: ["country:GE"],
    concepts: ["extradition"],
  },
  // A country named in the case a sentence puts it in.
  {
    q: "экстрадиция из Грузии",
    top: ["analysis-ge-24"],
    filters: ["country:GE"],
    concepts: ["extradition"],
  },
  {
    q: "сохранение данных в Молдове",
    top: ["analysis-md-16", "analysis-md-29"],
    filters: ["country:MD"],
    concepts: ["expedited-preservation"],
  },
  {
    q: "збереження даних в Україні",
    top: ["analysis-ua-16", "analysis-ua-29"],
    filters: ["country:UA"],
    concepts: ["expedited-preservation"],
  },
  { q: "круглосуточная сеть", first: "bc-art-35", concepts: ["network-24-7"] },
  { q: "коммуникационный пункт", first: "bc-art-35", concepts: ["network-24-7"] },
  { q: "данные о трафике", top: ["bc-art-1"], concepts: ["traffic-data"] },
  { q: "перехват данных содержания", top: ["bc-art-21"], concepts: ["interception"] },
];

/** Queries that do not name the Protocol: every Convention article hit comes before any Protocol hit. */
const CONVENTION_BEFORE_PROTOCOL = [
  "subscriber information",
  "production order",
  "disclosure",
  "expedited disclosure",
];

let index = "";
let app: express.Express;

beforeAll(async () => {
  index = sharedIndex("real");
  ({ app } = await testApp(index));
});

describe("relevance on the real corpus", () => {
  it("has at least 30 queries", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(`${c.q}${c.params ? ` ${JSON.stringify(c.params)}` : ""}`, async () => {
      const res = await request(app)
        .get("/api/search")
        .query({ q: c.q, ...c.params });
      expect(res.status).toBe(200);
      const ids: string[] = res.body.hits.map((h: { id: string }) => h.id);
      if (c.none) {
        expect(ids).toEqual([]);
        return;
      }
      if (c.first) expect(ids[0], `hits: ${ids.slice(0, 5).join(", ")}`).toBe(c.first);
      if (c.analysesNext) {
        const article = c.first?.replace("bc-art-", "");
        const next = ids.slice(1, 1 + c.analysesNext);
        expect(next.length).toBe(c.analysesNext);
        for (const id of next)
          expect(id, `hits: ${ids.slice(0, 10).join(", ")}`).toMatch(
            new RegExp(`^analysis-[a-z]{2}-${article}$`),
          );
      }
      if (c.top)
        expect(ids.slice(0, c.within ?? 5), `hits: ${ids.slice(0, 8).join(", ")}`).toEqual(
          expect.arrayContaining(c.top),
        );
      if (c.concepts)
        expect(res.body.concepts.map((u: { concept: string }) => u.concept)).toEqual(c.concepts);
      if (c.filters) {
        const applied = res.body.applied
          .filter((a: { fromQuery: boolean }) => a.fromQuery)
          .map((a: { facet: string; value: string }) => `${a.facet}:${a.value}`);
        expect(applied.sort()).toEqual([...c.filters].sort());
      }
    });
  }

  it.each(CONVENTION_BEFORE_PROTOCOL)(
    "%s: every Convention article comes before every Second Protocol article",
    async (q) => {
      const ids: string[] = [];
      for (const page of [1, 2, 3]) {
        const res = await request(app).get("/api/search").query({ q, page });
        ids.push(...res.body.hits.map((h: { id: string }) => h.id));
      }
      const lastArticle = ids.findLastIndex((id) => id.startsWith("bc-art-"));
      const firstProtocol = ids.findIndex((id) => id.startsWith("p2-art-"));
      // Both kinds must be on the first pages for the order between them to mean anything.
      expect(lastArticle, ids.join(", ")).toBeGreaterThanOrEqual(0);
      expect(firstProtocol, ids.join(", ")).toBeGreaterThanOrEqual(0);
      expect(lastArticle, ids.join(", ")).toBeLessThan(firstProtocol);
    },
  );

  it("does not highlight stop words or the digits of an article reference", async () => {
    const res = await request(app).get("/api/search").query({ q: "24/7 point of contact" });
    const snippets: string[] = res.body.hits.map((h: { snippet: string }) => h.snippet);
    expect(snippets.join("\n")).toContain("<mark>");
    expect(snippets.join("\n")).not.toMatch(/<mark>of<\/mark>/i);
    const references = snippets.filter((s) => s.includes("24(7"));
    expect(references.length, "a snippet citing Art. 24(7)").toBeGreaterThan(0);
    for (const s of references) expect(s).not.toMatch(/<mark>[^<]*\d\(|\(<mark>\d/);
  });

  it("offers to compare every country on the article of an article hit", async () => {
    const res = await request(app).get("/search").query({ q: "subscriber information" });
    expect(res.text).toMatch(
      /<a class="hit-compare" href="\/compare\?articles&#x3D;18">Compare all countries on Art\. 18<\/a>/,
    );
  });

  it("pages run on into the Protocol's articles without a gap or a repeat", async () => {
    const q = "subscriber information";
    const first = await request(app).get("/api/search").query({ q });
    const { total, pages } = first.body as { total: number; pages: number };
    expect(pages).toBeGreaterThan(1);
    const ids: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const res = await request(app).get("/api/search").query({ q, page });
      ids.push(...res.body.hits.map((h: { id: string }) => h.id));
    }
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    const protocol = ids.filter((id) => id.startsWith("p2-art-"));
    expect(protocol.length).toBeGreaterThan(0);
    expect(ids.slice(-protocol.length)).toEqual(protocol);
    expect(first.body.facets.kind["protocol-article"]).toBe(protocol.length);
  });
});
