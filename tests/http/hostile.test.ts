import { join } from "node:path";
import fc from "fast-check";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type express from "express";
import { readKeyFor } from "../../engine/connection.js";
import {
  dropIndex,
  FIXTURES,
  memoryLogger,
  publishFolder,
  testApp,
  uniqueIndex,
} from "../setup/helpers.js";
import { createHmac } from "node:crypto";

// Property-based fuzzing of every route's parameters, filter injection, and key leaks.
const index = uniqueIndex("hostile");
let app: express.Express;
const logs = memoryLogger();

beforeAll(async () => {
  await publishFolder(join(FIXTURES, "corpus-basic"), index);
  ({ app } = await testApp(index, { log: logs.log }));
});
afterAll(async () => {
  await dropIndex(index);
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

const ROUTES: { path: string; keys: string[] }[] = [
  {
    path: "/search",
    keys: [
      "q",
      "country",
      "article",
      "kind",
      "status",
      "followup",
      "chapter",
      "source",
      "year",
      "sort",
      "page",
      "literal",
    ],
  },
  {
    path: "/api/search",
    keys: [
      "q",
      "country",
      "article",
      "kind",
      "status",
      "followup",
      "chapter",
      "source",
      "year",
      "sort",
      "page",
      "literal",
    ],
  },
  { path: "/compare", keys: ["countries", "articles", "chapter", "section", "diff"] },
  { path: "/api/compare", keys: ["countries", "articles", "chapter", "section", "diff"] },
  { path: "/compare.csv", keys: ["countries", "articles", "chapter", "section", "diff"] },
  {
    path: "/recommendations",
    keys: ["source", "country", "status", "article", "overdue", "since", "meeting"],
  },
  {
    path: "/api/recommendations",
    keys: ["source", "country", "status", "article", "overdue", "since", "meeting"],
  },
  {
    path: "/recommendations.csv",
    keys: ["source", "country", "status", "article", "overdue", "since", "meeting"],
  },
  { path: "/recommendations/changes", keys: ["since", "meeting", "country"] },
  { path: "/recommendations/FX-01", keys: ["since", "meeting"] },
  { path: "/requests/new", keys: ["type", "to"] },
  { path: "/api/requests/new", keys: ["type", "to"] },
  { path: "/", keys: [] },
  { path: "/articles", keys: [] },
  { path: "/articles/29", keys: [] },
  { path: "/countries", keys: [] },
  { path: "/countries/GE", keys: [] },
  { path: "/about", keys: [] },
];

/** Builds a query string the way a hostile client might: repeated keys, raw values. */
function queryString(dict: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(dict))
    for (const item of Array.isArray(v) ? v : [v]) p.append(k, item);
  return p.toString();
}

describe("fuzzing every parameter of every route", () => {
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
      fc.asyncProperty(
        params([
          "type",
          "to",
          "authority_name",
          "offence",
          "facts",
          "data",
          "request_date",
          "request_status",
          "measures",
          "follow_up",
          "action",
        ]),
        async (dict) => {
          const res = await request(app)
            .post("/requests/draft")
            .type("form")
            .send(queryString(dict));
          expect(res.status).toBeLessThan(500);
          const json = await request(app).post("/api/requests/draft").send(dict);
          expect(json.status).toBeLessThan(500);
        },
      ),
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

  it.each(['" OR countries = "MD', "countries = MD", ") OR (countries = MD", '\\" OR 1=1'])(
    "query text `%s` never widens a country filter",
    async (q) => {
      const res = await request(app).get("/api/search").query({ q, country: "GE" });
      expect(res.status).toBe(200);
      for (const hit of res.body.hits)
        expect(hit.kind === "recommendation" || hit.country === "GE").toBe(true);
      // A recommendation addressed to several countries is within the filter when it names GE.
      const recs = res.body.hits
        .filter((h: { kind: string }) => h.kind === "recommendation")
        .map((h: { id: string }) => h.id);
      for (const id of recs) expect(["rec-FX-01", "rec-FX-02"]).toContain(id);
    },
  );

  it("never returns the internal meta document", async () => {
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
