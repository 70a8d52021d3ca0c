import { XMLParser, XMLValidator } from "fast-xml-parser";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { historyApp } from "../setup/history-repo.js";
import { sharedIndex, testApp } from "../setup/helpers.js";

// robots.txt and sitemap.xml, on the fixture corpus with its dated history (testApp's public
// address is http://kb.test).

let env: Awaited<ReturnType<typeof historyApp>>;
let app: express.Express;

beforeAll(async () => {
  env = await historyApp("site");
  app = env.app;
});
afterAll(async () => {
  await env.cleanUp();
});

interface SitemapUrl {
  loc: string;
  lastmod?: string;
  "xhtml:link": { "@_hreflang": string; "@_href": string }[];
}

async function sitemap(on = app): Promise<Map<string, SitemapUrl>> {
  const res = await request(on).get("/sitemap.xml");
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^application\/xml/);
  expect(XMLValidator.validate(res.text)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "url" || name === "xhtml:link",
  }).parse(res.text) as {
    urlset: { url: SitemapUrl[] };
  };
  return new Map(parsed.urlset.url.map((u) => [u.loc, u]));
}

describe("robots.txt", () => {
  it("keeps crawlers out of results, data, exports and accounts, and names the sitemap", async () => {
    const res = await request(app).get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    const lines = res.text.split("\n");
    expect(lines).toContain("User-agent: *");
    for (const path of ["/api/", "/search", "/proposals", "/account", "/*.csv", "/*?at="])
      expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).not.toContain("Disallow: /");
    expect(lines).toContain("Sitemap: http://kb.test/sitemap.xml");
  });
});

describe("sitemap.xml", () => {
  it("lists every page of the knowledge base, each with its language versions", async () => {
    const urls = await sitemap();
    for (const path of [
      "/",
      "/articles",
      "/countries",
      "/compare",
      "/recommendations",
      "/countries/GE",
      "/countries/MD",
      "/articles/29",
      "/recommendations/FX-01",
      "/about",
    ])
      expect(urls.has(`http://kb.test${path}`), path).toBe(true);
    // Sections, follow-up entries and Guidance Notes are parts of pages, not pages.
    expect([...urls.keys()].filter((loc) => loc.includes("#"))).toEqual([]);
    expect(urls.size).toBeGreaterThan(20);
    for (const url of urls.values())
      expect(url["xhtml:link"].map((l) => [l["@_hreflang"], l["@_href"]])).toEqual([
        ["en", `${url.loc}?lang=en`],
        ["ru", `${url.loc}?lang=ru`],
        ["uk", `${url.loc}?lang=uk`],
        ["x-default", url.loc],
      ]);
    // Every address it lists answers.
    for (const loc of urls.keys()) {
      const res = await request(app).get(loc.replace("http://kb.test", ""));
      expect(res.status, loc).toBe(200);
    }
  });

  it("dates each page by the last change of what it shows", async () => {
    const urls = await sitemap();
    // Georgia's Article 29 changed on 10 January 2016, its Article 16 section was removed on
    // 5 March 2017; the follow-up entry came in 2018.
    expect(urls.get("http://kb.test/countries/GE")?.lastmod).toBe("2017-03-05");
    expect(urls.get("http://kb.test/articles/29")?.lastmod).toBe("2016-01-10");
    expect(urls.get("http://kb.test/articles/16")?.lastmod).toBe("2017-03-05");
    expect(urls.get("http://kb.test/recommendations/FX-01")?.lastmod).toBe("2018-06-01");
    expect(urls.get("http://kb.test/countries/BY")?.lastmod).toBe("2015-09-01");
    // A list has no date of its own.
    expect(urls.get("http://kb.test/countries")?.lastmod).toBeUndefined();
  });
});

describe("sitemap.xml of the real corpus", () => {
  it("lists the Second Protocol's page, the project and its activities", async () => {
    const { app: real } = await testApp(sharedIndex("real"));
    const paths = [...(await sitemap(real)).keys()].map((loc) => loc.replace("http://kb.test", ""));
    expect(paths).toEqual(expect.arrayContaining(["/instruments/p2", "/project", "/countries/UA"]));
    expect(paths.filter((p) => p.startsWith("/project/activities/")).length).toBeGreaterThan(10);
    expect(paths.filter((p) => /^\/articles\/\d+$/.test(p))).toHaveLength(48);
  });
});
