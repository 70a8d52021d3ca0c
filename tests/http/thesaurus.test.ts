import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { sharedIndex, testApp } from "../setup/helpers.js";

// Queries in the users' languages on the real corpus: the thesaurus's terms are shown as chips
// ("сохранение данных → expedited preservation") that can be undone like the other filters.

let app: express.Express;

beforeAll(async () => {
  ({ app } = await testApp(sharedIndex("real")));
});

/** The hrefs of the links whose text starts with `text`, decoded back to their `q`. */
function links(html: string, text: string): URLSearchParams[] {
  const out: URLSearchParams[] = [];
  for (const m of html.matchAll(/<a class="chip-remove" href="([^"]+)"[^>]*>([^<]*)/g))
    if ((m[2] ?? "").startsWith(text)) {
      const href = (m[1] ?? "").replace(/&amp;/g, "&").replace(/&#x3D;/g, "=");
      out.push(new URL(href, "http://x").searchParams);
    }
  return out;
}

describe("thesaurus terms in a search", () => {
  it("are reported in the JSON twin with the English term searched", async () => {
    const res = await request(app).get("/api/search").query({ q: "сохранение данных" });
    expect(res.status).toBe(200);
    expect(res.body.concepts).toEqual([
      {
        concept: "expedited-preservation",
        label: "Expedited preservation of stored computer data (Articles 16 and 29)",
        words: "сохранение данных",
        language: "ru",
        searchedAs: "expedited preservation",
        articles: [16, 29],
      },
    ]);
    expect(res.body.text).toBe("expedited preservation");
    expect(res.body.total).toBeGreaterThan(10);
  });

  it("are shown as a chip that says what was understood", async () => {
    const res = await request(app).get("/search").query({ q: "сохранение данных" });
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '<span lang="ru">сохранение данных</span> → <strong lang="en">expedited preservation</strong>',
    );
    expect(res.text).toMatch(
      /<h2 id="results"[^>]*>1–20 of \d+ results for “expedited preservation”/,
    );
  });

  it("can be undone: the words come back in quotation marks and are searched as typed", async () => {
    const page = await request(app).get("/search").query({ q: "сохранение данных" });
    const [undo] = links(page.text, "search the words as typed instead");
    expect(undo?.get("q")).toBe('"сохранение данных"');
    const literal = await request(app)
      .get("/api/search")
      .query({ q: undo?.get("q") ?? "" });
    expect(literal.body.concepts).toEqual([]);
    expect(literal.body.text).toBe('"сохранение данных"');
  });

  it("combine with a country filter, each removable on its own", async () => {
    const q = "Moldova conservarea datelor";
    const api = await request(app).get("/api/search").query({ q });
    expect(api.body.applied).toEqual([
      expect.objectContaining({ facet: "country", value: "MD", fromQuery: true }),
    ]);
    expect(api.body.concepts.map((c: { words: string }) => c.words)).toEqual([
      "conservarea datelor",
    ]);
    const page = await request(app).get("/search").query({ q });
    const [withoutCountry] = links(page.text, "search all countries instead");
    expect(withoutCountry?.get("q")).toBe("conservarea datelor");
    const [withoutConcept] = links(page.text, "search the words as typed instead");
    expect(withoutConcept?.get("q")).toBe('Moldova "conservarea datelor"');
    const again = await request(app)
      .get("/api/search")
      .query({ q: withoutConcept?.get("q") ?? "" });
    expect(again.body.concepts).toEqual([]);
    expect(again.body.applied.map((a: { value: string }) => a.value)).toEqual(["MD"]);
  });

  it("keep the words as typed when the filters are cleared", async () => {
    const page = await request(app).get("/search").query({ q: "Moldova conservarea datelor" });
    const clear = /<a class="clear-all" href="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const href = clear.replace(/&amp;/g, "&").replace(/&#x3D;/g, "=");
    expect(new URL(href, "http://x").searchParams.get("q")).toBe("conservarea datelor");
    expect(page.text).toContain('<input type="hidden" name="q" value="conservarea datelor">');
  });

  it("are left alone with literal=1", async () => {
    const res = await request(app).get("/api/search").query({ q: "экстрадиция", literal: "1" });
    expect(res.body.concepts).toEqual([]);
    expect(res.body.text).toBe("экстрадиция");
  });

  it("one word of a term is not the term, but a search that finds nothing offers the term", async () => {
    const res = await request(app).get("/api/search").query({ q: "сохранение" });
    expect(res.body.total).toBe(0);
    expect(res.body.concepts).toEqual([]);
    const terms = (res.body.suggestions as { kind: string; q?: string }[]).filter(
      (s) => s.kind === "term",
    );
    expect(terms.length).toBeGreaterThan(0);
    // Each offered term, searched, is recognised as its concept and finds the analyses.
    for (const term of terms) {
      const found = await request(app).get("/api/search").query({ q: term.q });
      expect(found.body.concepts.map((c: { concept: string }) => c.concept)).toEqual([
        "expedited-preservation",
      ]);
      expect(found.body.total).toBeGreaterThan(10);
    }
    const page = await request(app).get("/search").query({ q: "сохранение", lang: "ru" });
    expect(page.text).toMatch(
      /<li>Искать термин тезауруса <a href="[^"]+" lang="ru">сохранение компьютерных данных<\/a> \(<span lang="en">Expedited preservation/,
    );
  });
});

describe("the search box's suggestions on the real corpus", () => {
  it("offer the synonyms' terms, named by their concept, and each finds what its concept finds", async () => {
    const res = await request(app).get("/api/suggest").query({ q: "quick" });
    expect(res.status).toBe(200);
    const quick = (res.body.suggestions as { value: string; label: string; kind: string }[]).find(
      (s) => s.value === "quick freeze",
    );
    expect(quick).toEqual({
      value: "quick freeze",
      label: "Expedited preservation of stored computer data (Articles 16 and 29)",
      kind: "term",
    });
    // The engine's synonyms make the offered term find the Convention's preservation articles.
    const found = await request(app).get("/api/search").query({ q: "quick freeze" });
    expect(found.body.hits.slice(0, 3).map((h: { id: string }) => h.id)).toEqual(
      expect.arrayContaining(["bc-art-16", "bc-art-29"]),
    );
    // A group no concept holds is named by its other terms.
    const cpc = (await request(app).get("/api/suggest").query({ q: "cpc" })).body.suggestions;
    expect(cpc).toContainEqual({
      value: "cpc",
      label: "criminal procedure code, code of criminal procedure",
      kind: "term",
    });
  });
});
