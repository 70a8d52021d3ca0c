import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { asShown, memoryLogger, testApp } from "../setup/helpers.js";
import { sharedIndex } from "../setup/helpers.js";

let index = "";
let app: express.Express;
const logs = memoryLogger();

beforeAll(async () => {
  index = sharedIndex("basic");
  ({ app } = await testApp(index, { log: logs.log }));
});

describe("pages of the foundation", () => {
  it("serves the home page with a search box and the countries", async () => {
    const res = await request(app).get("/");
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/html");
    expect(res.text).toContain('<input type="search" id="q" name="q"');
    expect(res.text).toContain(">Georgia</a>");
    expect(res.text).toContain("not an official document");
  });

  it("lists hits with title, country, article and a highlighted snippet", async () => {
    const res = await request(app).get("/search").query({ q: "sixty days preservation" });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/of \d+ results?/);
    expect(res.text).toContain(
      '<a href="/articles/29">Article 29 – Expedited <mark>preservation</mark> of stored computer data</a>',
    );
    expect(res.text).toContain("at least <mark>sixty</mark> <mark>days</mark>");
    expect(res.text).toContain(
      '<span class="kind">Country analysis</span> · Georgia · Art. 29 · <span class="status status-partial">',
    );
  });

  it("offers the filter form only when the results have values to tick", async () => {
    const some = await request(app).get("/search").query({ q: "preservation" });
    expect(some.text).toContain('<form class="facet-form"');
    expect(some.text).not.toContain("Nothing in these results to narrow down.");
    const none = await request(app).get("/search").query({ q: "zzxqvwtyk", lang: "ru" });
    expect(none.status).toBe(200);
    // Not two buttons that would apply nothing: one sentence, in the reader's language.
    expect(none.text).not.toContain('<form class="facet-form"');
    expect(none.text).not.toContain("Применить фильтры");
    expect(none.text).toContain("В этих результатах нечего уточнять.");
    // Nor a link to that empty panel, or an order for no results.
    expect(none.text).not.toContain('class="filters-link"');
    expect(none.text).not.toContain('class="sort-form"');
    expect(some.text).toContain('class="filters-link"');
    expect(some.text).toContain('class="sort-form"');
  });

  it("answers /api/search with the documented JSON shape", async () => {
    const res = await request(app).get("/api/search").query({ q: "quick freeze" });
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/json");
    expect(res.body).toMatchObject({ query: "quick freeze", page: 1 });
    expect(res.body.total).toBeGreaterThan(0);
    const hit = res.body.hits.find((h: { id: string }) => h.id === "analysis-ge-29");
    expect(hit).toMatchObject({
      kind: "analysis",
      country: "GE",
      articles: [29],
      url: "/countries/GE#art-29",
    });
    expect(typeof hit.snippet).toBe("string");
    for (const h of res.body.hits)
      expect(Object.keys(h)).toEqual(
        expect.arrayContaining(["id", "kind", "title", "country", "articles", "url", "snippet"]),
      );
  });

  it("finds documents through a corpus synonym", async () => {
    const res = await request(app)
      .get("/api/search")
      .query({ q: "subscriber data", kind: "analysis" });
    expect(res.body.hits.map((h: { id: string }) => h.id)).toContain("analysis-md-18");
  });

  it("reports readiness and liveness", async () => {
    expect((await request(app).get("/healthz")).body).toEqual({ status: "ok" });
    const ready = await request(app).get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
  });

  it("sends security headers: a CSP without inline scripts, nosniff and no framing", async () => {
    const res = await request(app).get("/");
    const csp = res.headers["content-security-policy"] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe("bad input gets a clear 4xx, never a 500", () => {
  it.each([
    ["/search?page=-1", "`page`: must be a whole number from 1"],
    ["/search?page=abc", "`page`: must be a whole number from 1"],
    ["/search?foo=bar", "unknown parameter `foo`"],
    ["/search?q=a&q=b", "`q` is given more than once"],
    ["/search?country=ZZ", "unknown country `ZZ`"],
    ["/search?article=49", "article 49 is outside the Convention"],
    ["/search?kind=secret", "`kind.0`: expected one of"],
    [`/search?q=${"x".repeat(501)}`, "the query is too long"],
  ])("%s → 400", async (url, message) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(400);
    expect(res.text).toContain(asShown(message));
    const json = await request(app).get(url.replace("/search", "/api/search"));
    expect(json.status).toBe(400);
    expect(json.body.error.id).toBe("invalid_query");
    expect(json.body.error.message).toContain(message);
  });

  it("shows the query back escaped", async () => {
    const res = await request(app).get("/search").query({ q: '<script>alert("x")</script>' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert("x")</script>');
    expect(res.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("answers unknown pages with a 404 that links back", async () => {
    const res = await request(app).get("/nowhere");
    expect(res.status).toBe(404);
    expect(res.text).toContain('href="/articles"');
    expect((await request(app).get("/api/nowhere")).body.error.id).toBe("not_found");
  });

  it("never logs the query string", async () => {
    await request(app).get("/search").query({ q: "confidential-case-4711" });
    expect(logs.lines.join("\n")).not.toContain("confidential-case-4711");
    expect(logs.lines.some((l) => l.includes('"path":"/search"'))).toBe(true);
  });
});
