import type express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHistoryService } from "../../server/history/service.js";
import { signedIn, testAuth } from "../setup/auth.js";
import { createReader } from "../../server/search/reader.js";
import {
  dropIndex,
  publishFolder,
  removeDir,
  testApp,
  testEngine,
  uniqueIndex,
} from "../setup/helpers.js";
import { ALL_MARKERS, markersFor, PROBES, restrictedRepo } from "../setup/restricted-repo.js";

// Restricted content: a fixture corpus whose working-group material carries unique marker words.
// Each caller crawls every page reachable by links, every JSON endpoint with its enumerable values,
// every export and feed, and searches for each marker: a marker must appear exactly for the
// callers allowed to read it, and nowhere else.

type Agent = ReturnType<typeof request.agent>;

const index = uniqueIndex("access");
let repo = "";
let app: express.Express;
let auth: Awaited<ReturnType<typeof testAuth>>;

const COUNTRIES = ["BY", "GE", "MD"];
const ARTICLES = [1, 16, 18, 29, 31, 35];
const RECOMMENDATIONS = ["FX-01", "FX-02", "FX-03"];
const PAGES = ["about", "wg-alpha-notes"];

/** The URLs every caller asks for whether or not a link leads there. */
function seeds(): string[] {
  const urls = [
    "/",
    "/api",
    "/api/session",
    "/api/countries",
    "/api/articles",
    "/api/guidance-notes",
    "/api/project",
    "/api/corpus/status",
    "/api/recommendations",
    "/api/recommendations/changes?since=2015-01-01",
    "/recommendations.csv",
    "/recommendations/changes?since=2015-01-01",
    "/changes?from=2015-01-01",
    "/api/changes?from=2015-01-01",
    "/changes.csv?from=2015-01-01",
    "/feeds/changes.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/search",
    "/api/search",
    "/api/search?q=",
    `/compare?countries=${COUNTRIES.join(",")}&articles=${ARTICLES.join(",")}`,
    `/api/compare?countries=${COUNTRIES.join(",")}&articles=${ARTICLES.join(",")}`,
    `/compare.csv?countries=${COUNTRIES.join(",")}&articles=${ARTICLES.join(",")}`,
    `/compare.csv?countries=${COUNTRIES.join(",")}&articles=${ARTICLES.join(",")}&at=2016-03-01`,
  ];
  for (const probe of Object.values(PROBES))
    urls.push(`/search?q=${probe}`, `/api/search?q=${probe}`, `/api/search?q=${probe}&literal=1`);
  for (const kind of ["analysis", "recommendation", "followup", "page"])
    urls.push(`/api/search?kind=${kind}`);
  for (const status of ["implemented", "partial", "not-implemented"])
    urls.push(`/api/search?status=${status}`);
  for (const cc of COUNTRIES) {
    urls.push(
      `/countries/${cc}`,
      `/api/countries/${cc}`,
      `/api/countries/${cc}?at=2016-03-01`,
      `/api/countries/${cc}/history`,
      `/api/recommendations?country=${cc}`,
      `/recommendations.csv?country=${cc}`,
      `/api/requests/new?to=${cc}`,
      `/requests/new?to=${cc}`,
      `/feeds/changes.atom?country=${cc}`,
      `/api/search?country=${cc}`,
    );
    for (const n of ARTICLES) urls.push(`/api/countries/${cc}/articles/${n}/history`);
  }
  for (const n of ARTICLES)
    urls.push(
      `/articles/${n}`,
      `/api/articles/${n}`,
      `/api/articles/${n}?at=2016-03-01`,
      `/api/articles/${n}/history`,
      `/feeds/changes.atom?article=${n}`,
      `/api/search?article=${n}`,
    );
  for (const id of RECOMMENDATIONS)
    urls.push(
      `/recommendations/${id}`,
      `/api/recommendations/${id}`,
      `/recommendations/${id}.csv`,
      `/api/recommendations/${id}/history`,
      `/api/recommendations/${id}/followup/history`,
      `/feeds/changes.atom?recommendation=${id}`,
    );
  for (const id of PAGES) urls.push(`/pages/${id}`, `/api/pages/${id}`);
  return urls;
}

const LIMIT = 700;

/**
 * Everything a caller can reach: seeds, then every local link of every HTML page. Four requests
 * are in flight at once (the engine answers one while the app renders another), so that a crawl
 * of several hundred pages stays well inside a test's time on a busy machine.
 */
async function crawl(agent: Agent): Promise<Map<string, { status: number; body: string }>> {
  const seen = new Map<string, { status: number; body: string }>();
  const queue = seeds();
  const queued = new Set(queue);
  let taken = 0;
  const worker = async () => {
    while (queue.length > 0 && taken < LIMIT) {
      const url = queue.shift()!;
      taken++;
      const res = await agent.get(url).buffer(true);
      const body = res.text ?? "";
      seen.set(url, { status: res.status, body });
      expect(res.status, `${url}: ${body.slice(0, 200)}`).toBeLessThan(500);
      if (!/text\/html/.test(res.headers["content-type"] ?? "")) continue;
      for (const [, raw] of body.matchAll(/href="(\/[^"#]*)(?:#[^"]*)?"/g)) {
        const link = raw!.replace(/&amp;/g, "&").replace(/&#x3D;/g, "=");
        if (/^\/(static|logout)\b/.test(link) || link.startsWith("//")) continue;
        if (!queued.has(link)) {
          queued.add(link);
          queue.push(link);
        }
      }
    }
  };
  // The queue can run dry while a page that adds to it is still on its way: go on until no
  // worker found more to do.
  while (queue.length > 0 && taken < LIMIT) await Promise.all(Array.from({ length: 4 }, worker));
  return seen;
}

/** The markers found anywhere in a crawl, with one URL each. */
function markersIn(pages: Map<string, { body: string }>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [url, { body }] of pages)
    for (const marker of ALL_MARKERS)
      if (!found.has(marker) && body.includes(marker)) found.set(marker, url);
  return found;
}

beforeAll(async () => {
  const made = await restrictedRepo();
  repo = made.repo;
  await publishFolder(made.corpus, index);
  auth = await testAuth();
  await auth.add("alpha@example.org", "member", ["wg-alpha"]);
  await auth.add("beta@example.org", "member", ["wg-beta"]);
  await auth.add("reader@example.org", "reader");
  await auth.add("editor@example.org", "editor");
  await auth.add("admin@example.org", "admin");
  // A group typed wrong: no material is restricted to it.
  await auth.add("typo@example.org", "member", ["wg-alpah"]);
  ({ app } = await testApp(index, {
    history: createHistoryService(made.corpus),
    auth: auth.setup,
  }));
});
afterAll(async () => {
  await dropIndex(index);
  await removeDir(repo);
  await removeDir(auth.dataDir);
});

describe("restricted content, crawled by each kind of caller", () => {
  const callers: [string, string | null, string[] | "none" | "all"][] = [
    ["anonymous", null, "none"],
    ["a signed-in reader (no member)", "reader@example.org", "none"],
    ["a member of the other group (beta)", "beta@example.org", ["wg-beta"]],
    ["a member of group alpha", "alpha@example.org", ["wg-alpha"]],
    ["an editor", "editor@example.org", "all"],
  ];
  for (const [label, email, groups] of callers) {
    it(`shows ${label} exactly the markers they may read`, async () => {
      const agent = email ? await signedIn(app, email) : request.agent(app);
      const pages = await crawl(agent);
      // The crawl reached the pages that matter, not just the seeds.
      expect(pages.size).toBeGreaterThan(seeds().length);
      expect(pages.size).toBeLessThan(LIMIT);
      for (const url of [
        "/countries/GE",
        "/compare.csv?countries=BY,GE,MD&articles=1,16,18,29,31,35",
      ])
        expect(pages.get(url)?.status, url).toBe(200);
      const found = markersIn(pages);
      const allowed = markersFor(groups);
      expect([...found.keys()].sort(), JSON.stringify(Object.fromEntries(found))).toEqual(
        [...allowed].sort(),
      );
      // Searching for a marker's probe finds its document exactly when the marker is allowed.
      for (const marker of ALL_MARKERS) {
        const res = await agent.get("/api/search").query({ q: PROBES[marker] });
        expect(res.body.total, marker).toBe(allowed.includes(marker) ? 1 : 0);
      }
    });
  }

  it("lists on the home page the restricted material each caller may read, and nothing for the public", async () => {
    const titlesFor = async (agent: Agent) => {
      const res = await agent.get("/api");
      expect(res.status).toBe(200);
      return (res.body.restricted as { title: string; for: string[] }[]).map(
        (d) => `${d.title} [${d.for.join(",")}]`,
      );
    };
    expect(await titlesFor(request.agent(app))).toEqual([]);
    expect((await request(app).get("/")).text).not.toContain("Restricted material you can read");
    const alpha = await titlesFor(await signedIn(app, "alpha@example.org"));
    const beta = await titlesFor(await signedIn(app, "beta@example.org"));
    const editor = await titlesFor(await signedIn(app, "editor@example.org"));
    expect(alpha.length).toBeGreaterThan(0);
    expect(beta.length).toBeGreaterThan(0);
    for (const item of alpha) expect(item).toMatch(/\[(wg-alpha|members)\]$/);
    for (const item of beta) expect(item).toMatch(/\[(wg-beta|members)\]$/);
    expect(alpha).toContain("Working group alpha, meeting notes [wg-alpha]");
    expect(new Set(editor)).toEqual(new Set([...alpha, ...beta]));
    const page = await (await signedIn(app, "alpha@example.org")).get("/");
    expect(page.text).toContain("Restricted material you can read");
    expect(page.text).toMatch(
      /<a href="\/pages\/wg-alpha-notes">Working group alpha, meeting notes<\/a> · for wg-alpha/,
    );
  });

  it("tells administrators which groups the corpus restricts material to, and which account groups none", async () => {
    const admin = await signedIn(app, "admin@example.org");
    const json = await admin.get("/api/admin/accounts");
    expect(json.status).toBe(200);
    const groups = json.body.corpusGroups as { group: string; documents: number }[];
    expect(groups.map((g) => g.group)).toEqual(["wg-alpha", "wg-beta"]);
    for (const g of groups) expect(g.documents, g.group).toBeGreaterThan(0);
    const page = await admin.get("/admin/accounts");
    expect(page.text).toContain("The corpus restricts material to: wg-alpha, wg-beta.");
    expect(page.text).toMatch(
      /wg-alpah <span class="hint">\(no material of the corpus is restricted to this group\)<\/span>/,
    );
    // A group the corpus uses is not marked.
    expect(page.text).toMatch(/<td data-label="Working groups">wg-alpha<\/td>/);
  });

  it("gives totals and facet counts that count only what the caller may read", async () => {
    const anonymous = await request(app).get("/api/search").query({ q: "", kind: "analysis" });
    const alpha = await (
      await signedIn(app, "alpha@example.org")
    )
      .get("/api/search")
      .query({ q: "", kind: "analysis" });
    const editor = await (
      await signedIn(app, "editor@example.org")
    )
      .get("/api/search")
      .query({ q: "", kind: "analysis" });
    const total = (res: request.Response) => res.body.total as number;
    // Three restricted analyses: one for members (BY), one for alpha (GE), one for beta (MD).
    expect(total(alpha)).toBe(total(anonymous) + 2);
    expect(total(editor)).toBe(total(anonymous) + 3);
    const count = (res: request.Response, facet: string, value: string) =>
      (res.body.facets as Record<string, Record<string, number>>)[facet]?.[value] ?? 0;
    expect(count(alpha, "country", "GE")).toBe(count(anonymous, "country", "GE") + 1);
    expect(count(alpha, "country", "MD")).toBe(count(anonymous, "country", "MD"));
    expect(count(alpha, "status", "not-implemented")).toBe(
      count(anonymous, "status", "not-implemented") + 1,
    );
  });

  it("shows outsiders where a restricted section is, never its status or content", async () => {
    const res = await request(app)
      .get("/api/compare")
      .query({ countries: "GE,MD", articles: "31" });
    expect(res.status).toBe(200);
    const cells = res.body.rows[0].cells as { country: string; status: string; summary: string }[];
    expect(cells.map((c) => [c.country, c.status, c.summary])).toEqual([
      ["GE", "restricted", ""],
      ["MD", "restricted", ""],
    ]);
    const alpha = await signedIn(app, "alpha@example.org");
    const own = await alpha.get("/api/compare").query({ countries: "GE,MD", articles: "31" });
    expect(own.body.rows[0].cells.map((c: { status: string }) => c.status)).toEqual([
      "not-implemented",
      "restricted",
    ]);
    // The handout's running head of a page a member saw is not given to an outsider.
    const query = { countries: "GE,MD", articles: "31" };
    expect((await alpha.get("/compare").query(query)).status).toBe(200);
    const head = await alpha.get("/compare/handout.css").query(query);
    expect(head.text).toContain("analyses as of");
    const outsider = await request(app).get("/compare/handout.css").query(query);
    expect(outsider.status).toBe(200);
    expect(outsider.text).not.toContain("analyses as of");
    const country = await request(app).get("/api/countries/GE");
    expect(country.body.restrictedSections).toEqual([
      { article: 31, title: expect.any(String), anchor: "art-31" },
    ]);
    const article = await request(app).get("/api/articles/31");
    expect(article.body.restricted.map((c: { code: string }) => c.code)).toEqual([
      "BY",
      "GE",
      "MD",
    ]);
  });

  it("answers a restricted document like a missing one, with nothing of it in the message", async () => {
    const page = await request(app).get("/api/pages/wg-alpha-notes");
    const missing = await request(app).get("/api/pages/no-such-page");
    expect(page.status).toBe(404);
    expect(missing.status).toBe(404);
    // The same answer as for a page that does not exist, but for the name the caller typed.
    expect(page.body.error.message.replace("wg-alpha-notes", "…")).toBe(
      missing.body.error.message.replace("no-such-page", "…"),
    );
    const rec = await request(app).get("/recommendations/FX-03");
    expect(rec.status).toBe(404);
    const history = await request(app).get("/api/countries/GE/articles/31/history");
    expect([404, 200]).toContain(history.status);
    expect(history.text).not.toContain("alphaquill");
  });

  it("serves a page other than about at the address its search hit gives, to those who may read it", async () => {
    const alpha = await signedIn(app, "alpha@example.org");
    const found = await alpha.get(`/api/search?q=${PROBES.alphapage}`);
    const hit = (found.body.hits as { kind: string; url: string }[]).find((h) => h.kind === "page");
    expect(hit?.url).toBe("/pages/wg-alpha-notes");
    const page = await alpha.get(hit!.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain("alphapage");
    expect(page.text).toContain("<h1>Working group alpha, meeting notes</h1>");
    const outsider = await request(app).get(hit!.url);
    expect(outsider.status).toBe(404);
    expect(outsider.text).not.toContain("alphapage");
    // The sitemap is read as the caller: a crawler is never told the page exists.
    expect((await alpha.get("/sitemap.xml")).text).toContain("/pages/wg-alpha-notes</loc>");
    const sitemap = await request(app).get("/sitemap.xml");
    expect(sitemap.status).toBe(200);
    expect(sitemap.text).toContain("/recommendations/FX-01</loc>");
    expect(sitemap.text).not.toContain("wg-alpha-notes");
    expect(sitemap.text).not.toContain("FX-03");
    // The about page keeps its short address.
    const about = await request(app).get("/pages/about?lang=ru");
    expect(about.status).toBe(301);
    expect(about.headers["location"]).toBe("/about?lang=ru");
  });

  it("filters searches the same without tenant tokens (an engine without a master key)", async () => {
    const engine = await testEngine();
    const reader = createReader({
      hosts: engine.hosts.map((h) => ({ url: h.url, read: h.read })),
      indexName: index,
    });
    const { app: plain } = await testApp(index, { reader, auth: auth.setup });
    const probe = PROBES.alphaquill;
    const anonymous = await request(plain).get("/api/search").query({ q: probe });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.total).toBe(0);
    const beta = await (
      await signedIn(plain, "beta@example.org")
    )
      .get("/api/search")
      .query({ q: probe });
    expect(beta.body.total).toBe(0);
    const alpha = await (
      await signedIn(plain, "alpha@example.org")
    )
      .get("/api/search")
      .query({ q: probe, kind: "analysis" });
    expect(alpha.body.total).toBe(1);
  });

  it("keeps a signed-in caller's pages out of shared caches", async () => {
    const alpha = await signedIn(app, "alpha@example.org");
    for (const url of ["/countries/GE", "/api/search?q=alphaquill", "/compare.csv?countries=GE"]) {
      const res = await alpha.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe("private, no-store");
      expect(res.headers["vary"], url).toMatch(/Cookie/);
    }
    // An anonymous page sets no cookie, so a cache may keep it.
    const anonymous = await request(app).get("/countries/GE");
    expect(anonymous.headers["set-cookie"]).toBeUndefined();
  });
});
