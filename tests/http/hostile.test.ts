import fc from "fast-check";
import request from "supertest";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type express from "express";
import { appRoutes } from "../../server/app.js";
import { FIELDS } from "../../server/requests/fields.js";
import type { RouteDeps } from "../../server/routes/deps.js";
import { readKeyFor } from "../../engine/connection.js";
import { memoryLogger, testApp } from "../setup/helpers.js";
import { sharedIndex } from "../setup/helpers.js";
import { createHmac } from "node:crypto";

// Property-based fuzzing of every route's parameters, filter injection, and key leaks.
let index = "";
let app: express.Express;
const logs = memoryLogger();

beforeAll(async () => {
  index = sharedIndex("basic");
  ({ app } = await testApp(index, { log: logs.log }));
});

/** Strings that tend to break things: quotes, filter syntax, control characters, long runs, odd Unicode. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    '"',
    "\\",
    '" OR country = "UA',
    'GE" OR kind = "meta',
    "[",
    "]",
    "IN [GE, UA]",
    "NOT",
    "art. 0",
    "ст. 99",
    "29-",
    "-1",
    "1e309",
    "NaN",
    "../../keys",
    "%00",
    "\u0000",
    "\u202e",
    "\ud800",
    "😀".repeat(50),
    "a".repeat(600),
    "__proto__",
    "constructor",
    "toString",
  ),
);
const params = (keys: string[]) =>
  fc.dictionary(
    keys.length > 0
      ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 }))
      : fc.string({ maxLength: 12 }),
    fc.oneof(nasty, fc.array(nasty, { maxLength: 4 })),
    { maxKeys: 5 },
  );

/** A value for each path parameter, so routes such as /articles/:n are fuzzed too. */
const PATH_SAMPLE: Record<string, string> = { n: "29", code: "GE", id: "FX-01" };

/**
 * Every GET route with the parameters its schema accepts: derived from the route specs, so a new
 * route or parameter is fuzzed without anyone adding it here.
 */
const ROUTES: { path: string; keys: string[] }[] = appRoutes({} as RouteDeps)
  .filter((spec) => spec.method === "get")
  .map((spec) => ({
    path: spec.path.replace(/:(\w+)/g, (_m, name: string) => PATH_SAMPLE[name] ?? "x"),
    keys: Object.keys(spec.query),
  }));

/** The form fields the request drafts accept, from the field list that drives the form. */
const FORM_KEYS = ["type", "to", "action", ...FIELDS.map((f) => f.name)];

/** Builds a query string the way a hostile client might: repeated keys, raw values. */
function queryString(dict: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(dict))
    for (const item of Array.isArray(v) ? v : [v]) p.append(k, item);
  return p.toString();
}

describe("fuzzing every parameter of every route", () => {
  it("has the site's routes and their parameters to fuzz", () => {
    expect(ROUTES.length).toBeGreaterThan(25);
    expect(ROUTES.find((r) => r.path === "/api/search")?.keys).toContain("country");
    expect(FORM_KEYS.length).toBeGreaterThan(15);
  });

  for (const route of ROUTES) {
    it(`${route.path} never answers with a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(params(route.keys), async (dict) => {
          const res = await request(app).get(`${route.path}?${queryString(dict)}`);
          expect(res.status, `${route.path}?${queryString(dict)}`).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    });
  }

  it("path segments never cause a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          "/articles/",
          "/countries/",
          "/recommendations/",
          "/instruments/",
          "/api/pages/",
          "/api/articles/",
          "/api/countries/",
          "/api/recommendations/",
        ),
        nasty,
        async (prefix, segment) => {
          const res = await request(app).get(
            prefix + encodeURIComponent(segment.replace(/[\ud800-\udfff]/g, "\ufffd")),
          );
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([
    "/articles/%E0%A4%A",
    "/countries/%FF",
    "/recommendations/%ED%A0%80",
    "/api/articles/%C0%AF",
    "/%",
  ])("malformed percent-encoding in the path %s is a 400 or 404", async (path) => {
    const res = await request(app).get(path);
    expect([400, 404]).toContain(res.status);
  });

  it.each(["/search?q=%E0%A4%A", "/api/search?q=%FF%FE", "/compare?countries=%C0%AF"])(
    "malformed percent-encoding in the query %s is read leniently, never a 5xx",
    async (path) => {
      const res = await request(app).get(path);
      expect(res.status).toBeLessThan(500);
    },
  );

  it("posted forms never cause a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(params(FORM_KEYS), async (dict) => {
        const res = await request(app).post("/requests/draft").type("form").send(queryString(dict));
        expect(res.status).toBeLessThan(500);
        const json = await request(app).post("/api/requests/draft").send(dict);
        expect(json.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});

describe("filter injection", () => {
  it.each([
    'GE" OR countries = "MD',
    'GE") OR (countries = "MD',
    "GE\\",
    'GE" OR kind = "meta',
    "GE OR MD",
    '["GE", "MD"]',
    "GE IN [MD]",
  ])("a facet value `%s` is refused, not pasted into a filter", async (value) => {
    const res = await request(app).get("/api/search").query({ country: value });
    expect(res.status).toBe(400);
    const source = await request(app).get("/api/search").query({ source: value });
    expect(source.status).toBe(400);
  });

  // Injections that name no country (a country named in the text is a filter of its own). With a
  // quote, the engine reads a phrase and may find nothing; the rule is the same either way: no hit
  // outside the filter.
  const outsideGE = (hits: { kind: string; country: string | null; id: string }[]) =>
    hits.filter(
      (h) => !(h.country === "GE" || (h.kind === "recommendation" && /FX-0[12]$/.test(h.id))),
    );

  it("has hits of both countries for the word the injections follow", async () => {
    const wide = await request(app).get("/api/search").query({ q: "preservation" });
    const countries = new Set(wide.body.hits.map((h: { country: string | null }) => h.country));
    expect(countries.has("GE") && countries.has("MD")).toBe(true);
  });

  it.each(["countries != GE", ") OR (countries != GE", "OR kind = page"])(
    "query text `%s` never widens a country filter, and still finds Georgia",
    async (injection) => {
      for (const literal of ["0", "1"]) {
        const res = await request(app)
          .get("/api/search")
          .query({ q: `preservation ${injection}`, country: "GE", literal });
        expect(res.status).toBe(200);
        expect(res.body.hits.length, `literal=${literal}`).toBeGreaterThan(0);
        expect(outsideGE(res.body.hits), `literal=${literal}`).toEqual([]);
      }
    },
  );

  it.each(['" OR countries != "GE', '\\" OR 1=1', '" OR kind = "meta'])(
    "quoted text `%s` never widens a country filter",
    async (injection) => {
      for (const literal of ["0", "1"]) {
        const res = await request(app)
          .get("/api/search")
          .query({ q: `preservation ${injection}`, country: "GE", literal });
        expect(res.status).toBe(200);
        expect(outsideGE(res.body.hits), `literal=${literal}`).toEqual([]);
      }
    },
  );

  it("never returns the internal meta document", async () => {
    const all = await request(app).get("/api/search").query({ q: "" });
    expect(all.body.total).toBeGreaterThan(10);
    expect(all.body.hits.every((h: { kind: string }) => h.kind !== "meta")).toBe(true);
    await fc.assert(
      fc.asyncProperty(nasty, async (q) => {
        const res = await request(app).get("/api/search").query({ q });
        if (res.status === 200) for (const hit of res.body.hits) expect(hit.kind).not.toBe("meta");
      }),
      { numRuns: 60 },
    );
  });
});

describe("keys", () => {
  it("appear in no response and no log line", async () => {
    const master = inject("meiliMasterKey");
    const secrets = [
      master,
      readKeyFor(master),
      createHmac("sha256", master).update("6b2d9e1f-4a3c-4d8b-8e70-1f2a3b4c5d6e").digest("hex"),
    ].filter((s) => s.length > 0);
    const paths = [
      ...ROUTES.map((r) => r.path),
      "/readyz",
      "/healthz",
      "/api/openapi.json",
      "/nowhere",
      "/api/nowhere",
      "/search?country=ZZ",
      "/api",
      "/instruments/p2",
    ];
    for (const path of paths) {
      const res = await request(app).get(path);
      for (const secret of secrets) expect(res.text, path).not.toContain(secret);
      for (const value of Object.values(res.headers))
        for (const secret of secrets) expect(String(value)).not.toContain(secret);
    }
    const log = logs.lines.join("\n");
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
