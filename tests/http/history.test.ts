import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { XMLParser } from "fast-xml-parser";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { createHistoryService } from "../../server/history/service.js";
import { HISTORY_COMMITS, historyApp } from "../setup/history-repo.js";
import { copyToTemp, FIXTURES, removeDir, testApp } from "../setup/helpers.js";

// History, point in time, changes and feeds, read from a small git repository with dated
// commits (a status change, a renamed file, a deleted section, a new follow-up entry). The live
// index holds the corpus as it is now (the last commit).

const run = promisify(execFile);
let env: Awaited<ReturnType<typeof historyApp>>;
let index = "";
let repo = "";
let app: express.Express;
const now = () => new Date("2026-11-29T12:00:00Z");

beforeAll(async () => {
  env = await historyApp("history", { now });
  ({ app, index, repo } = env);
});
afterAll(async () => {
  await env.cleanUp();
});

describe("the history of a section", () => {
  it("lists each dated version with its summary and what changed, newest first", async () => {
    const res = await request(app).get("/api/countries/GE/articles/29/history");
    expect(res.status).toBe(200);
    expect(res.body.available).toBe(true);
    const versions = res.body.versions as {
      date: string;
      summary: string;
      kind: string;
      status: unknown;
      provisions: { added: string[]; removed: string[] };
      words: { change: string; text: string }[] | null;
    }[];
    expect(versions.map((v) => [v.date, v.summary, v.kind])).toEqual([
      ["2016-01-10", HISTORY_COMMITS.status.summary, "changed"],
      ["2015-09-01", HISTORY_COMMITS.first.summary, "added"],
    ]);
    const change = versions[0]!;
    expect(change.status).toEqual({ from: "partial", to: "implemented" });
    expect(change.provisions).toEqual({ added: ["Fixture Law of 2015, Art. 4"], removed: [] });
    const inserted = change
      .words!.filter((w) => w.change === "inserted")
      .map((w) => w.text)
      .join("");
    const deleted = change
      .words!.filter((w) => w.change === "deleted")
      .map((w) => w.text)
      .join("");
    expect(inserted).toContain("emu");
    expect(deleted).toContain("court");
  });

  it("shows the changes in words and marks insertions and deletions for screen readers", async () => {
    const res = await request(app).get("/countries/GE/articles/29/history");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Partly implemented → <strong>Implemented</strong>");
    expect(res.text).toContain("Added: Fixture Law of 2015, Art. 4");
    expect(res.text).toMatch(/<ins><span class="visually-hidden">\[inserted: <\/span>[^<]*emu/);
    expect(res.text).toMatch(/<del><span class="visually-hidden">\[deleted: <\/span>[^<]*court/);
  });

  it("records a deleted section as removed, and a renamed file as no change", async () => {
    const removed = await request(app).get("/api/countries/GE/articles/16/history");
    expect(
      removed.body.versions.map((v: { kind: string; date: string }) => [v.kind, v.date]),
    ).toEqual([
      ["removed", "2017-03-05"],
      ["added", "2015-09-01"],
    ]);
    const moldova = await request(app).get("/api/countries/MD/articles/29/history");
    expect(moldova.body.versions.map((v: { kind: string }) => v.kind)).toEqual(["added"]);
  });

  it("follows a recommendation's follow-up entries as they are added", async () => {
    const res = await request(app).get("/api/recommendations/FX-01/followup/history");
    expect(res.status).toBe(200);
    expect(res.body.versions[0]).toMatchObject({
      date: "2018-06-01",
      kind: "added",
      followup: { from: null, to: "implemented" },
    });
  });

  it("links each section of the country and article pages to its history, with the day it last changed", async () => {
    const country = await request(app).get("/api/countries/GE");
    const section = country.body.sections.find((s: { article: number }) => s.article === 29);
    expect(section).toMatchObject({
      historyUrl: "/countries/GE/articles/29/history",
      lastChanged: "2016-01-10",
    });
    const page = await request(app).get("/articles/29");
    expect(page.text).toContain('href="/countries/GE/articles/29/history"');
    expect(page.text).toContain("last changed on 10 January 2016");
  });
});

describe("the knowledge base at a point in time", () => {
  it("shows a country as it stood at the end of a day, with a banner", async () => {
    const res = await request(app).get("/countries/GE?at=2015-12-31");
    expect(res.status).toBe(200);
    expect(res.text).toContain("As it stood on <strong>31 December 2015</strong>");
    expect(res.text).toContain('href="/countries/GE">see the current version');
    expect(res.text).toContain("Partly implemented");
    expect(res.text).not.toContain("emu procedure");
    const json = await request(app).get("/api/countries/GE?at=2015-12-31");
    const section = json.body.sections.find((s: { article: number }) => s.article === 29);
    expect(section.status).toBe("partial");
    const today = await request(app).get("/api/countries/GE");
    expect(today.body.sections.find((s: { article: number }) => s.article === 29).status).toBe(
      "implemented",
    );
  });

  it("gives the article page and the comparison (page, JSON, CSV) at a point in time", async () => {
    const article = await request(app).get("/articles/16?at=2016-06-01");
    expect(article.text).toContain("Georgia");
    const compare = await request(app).get("/api/compare?countries=GE&articles=29&at=2015-12-31");
    expect(compare.body.rows[0].cells[0].status).toBe("partial");
    const csv = await request(app).get("/compare.csv?countries=GE&articles=29&at=2015-12-31");
    expect(csv.text).toContain('"partial"');
    const page = await request(app).get("/compare?countries=GE&articles=29&at=2015-12-31");
    expect(page.text).toContain("As it stood on");
  });

  it.each([
    ["2015-08-31", "is before the first version of the knowledge base (2015-09-01)"],
    ["2099-01-01", "2099-01-01 is in the future"],
    ["2016-02-30", "2016-02-30 is not a real calendar date"],
  ])("refuses at=%s with a 400 that says why", async (at, message) => {
    const res = await request(app).get(`/api/countries/GE?at=${at}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ id: "invalid_query", field: "at" });
    expect(res.body.error.message).toContain(message);
  });
});

describe("changes between two dates", () => {
  it("lists the status change, the removed section and the new follow-up entry, by country", async () => {
    const res = await request(app).get("/api/changes?from=2015-12-31&to=2018-12-31");
    expect(res.status).toBe(200);
    const georgia = res.body.countries.find((c: { country: string }) => c.country === "GE");
    const byTitle = Object.fromEntries(
      georgia.changes.map((c: { title: string; change: { kind: string } }) => [c.title, c.change]),
    );
    expect(
      byTitle["Georgia: Article 29 – Expedited preservation of stored computer data"],
    ).toMatchObject({
      status: { from: "partial", to: "implemented" },
    });
    expect(
      byTitle["Georgia: Article 16 – Expedited preservation of stored computer data"],
    ).toMatchObject({ kind: "removed" });
    expect(Object.keys(byTitle).some((t) => t.startsWith("Georgia: FX-01, 2018-05-20"))).toBe(true);
    const none = await request(app).get("/api/changes?from=2018-12-31&to=2019-12-31");
    expect(none.body.total).toBe(0);
  });

  it("has a printable page and a CSV, and refuses a bad date", async () => {
    const page = await request(app).get("/changes?from=2015-12-31");
    expect(page.status).toBe(200);
    // One re-assessment (Georgia, Article 29): a removed section is not counted as one.
    expect(page.text).toContain("3 changes, 1 change of assessment.");
    expect(page.text).toContain("Changes from 31 December 2015 to today");
    const csv = await request(app).get("/changes.csv?from=2015-12-31");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.text).toContain('"Partly implemented","Implemented"');
    expect((await request(app).get("/api/changes?from=soon")).status).toBe(400);
  });

  it("starts from the working group's last meeting when no start is given, page and JSON alike", async () => {
    const json = await request(app).get("/api/changes");
    expect(json.status).toBe(200);
    expect(json.body.from.meeting).toEqual(expect.any(String));
    const page = await request(app).get("/changes");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/api/changes?from&#x3D;${json.body.from.meeting}`);
    // The heading names the meeting's place and last day; the line under it the meeting.
    expect(page.text).toMatch(/<h1>Changes from the meeting in [^<(]+ \(\d+ \w+ \d{4}\) to today/);
    expect(page.text).toMatch(/<p class="changes-meeting">The meeting: [^<]+\.<\/p>/);
    const explicit = await request(app).get(`/api/changes?from=${json.body.from.meeting}`);
    expect(explicit.body).toEqual(json.body);
    const csv = await request(app).get("/changes.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers["content-disposition"]).toContain(`changes-${json.body.from.day}-to-`);
  });
});

describe("the Atom feed", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "entry" || name === "link" || name === "category",
  });

  async function feed(query = "") {
    const res = await request(app).get(`/feeds/changes.atom${query}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/atom+xml");
    return parser.parse(res.text) as {
      feed: {
        id: string;
        title: string;
        updated: string;
        link: { "@_rel": string; "@_href": string }[];
        entry?: {
          id: string;
          title: string;
          updated: string;
          link: { "@_href": string }[];
          category?: { "@_term": string }[];
        }[];
      };
    };
  }

  it("is valid Atom with every required element, one entry per change", async () => {
    const { feed: f } = await feed();
    expect(f.id).toMatch(/^urn:/);
    expect(f.title).toContain("changes");
    expect(new Date(f.updated).toISOString()).toBe(f.updated);
    expect(f.link.some((l) => l["@_rel"] === "self")).toBe(true);
    expect(f.entry?.length).toBeGreaterThan(3);
    for (const entry of f.entry ?? []) {
      expect(entry.id).toMatch(/^urn:eap-cyber-mla-kb:change:[0-9a-f]{40}:/);
      expect(entry.title.length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
      const href = entry.link[0]?.["@_href"] ?? "";
      expect(href).toMatch(/^http:\/\/kb\.test\//);
      // A version on a history page; a document without one (the about page) as it is today.
      expect(href).toMatch(/\/history#v-[0-9a-f]{10}$|^[^#]*(#[^#]*)?$/);
      if (href.includes("#v-")) expect(href).toMatch(/\/history#v-/);
    }
    expect(f.entry?.map((e) => e.link[0]?.["@_href"])).toContain("http://kb.test/about");
  });

  it("filters by country, article and recommendation, and refuses unknown values", async () => {
    const { feed: ge } = await feed("?country=GE&article=29");
    expect(ge.entry?.length).toBeGreaterThan(0);
    for (const e of ge.entry ?? []) {
      const terms = (e.category ?? []).map((c) => c["@_term"]);
      expect(terms).toContain("country:GE");
      expect(terms).toContain("article:29");
    }
    const { feed: rec } = await feed("?recommendation=FX-01");
    expect(rec.entry?.length).toBeGreaterThan(0);
    expect((await request(app).get("/feeds/changes.atom?country=ZZ")).status).toBe(400);
    expect((await request(app).get("/feeds/changes.atom?recommendation=NOPE")).status).toBe(404);
  });

  it("links to the page it follows: the country's, the article's or the recommendation's", async () => {
    const page = async (query: string) =>
      (await feed(query)).feed.link.find((l) => l["@_rel"] === "alternate")?.["@_href"];
    expect(await page("")).toBe("http://kb.test/changes");
    expect(await page("?country=GE")).toBe("http://kb.test/countries/GE");
    expect(await page("?country=GE&article=29")).toBe("http://kb.test/countries/GE#art-29");
    expect(await page("?article=29")).toBe("http://kb.test/articles/29");
    expect(await page("?recommendation=FX-01")).toBe("http://kb.test/recommendations/FX-01");
    expect(await page("?country=GE&country=MD")).toBe("http://kb.test/changes");
    // Each is a page that answers, and advertises the feed it is the alternate of.
    const ge = await request(app).get("/countries/GE");
    expect(ge.status).toBe(200);
    expect(ge.text).toContain('href="/feeds/changes.atom?country&#x3D;GE"');
  });

  it("keeps entry ids across restarts", async () => {
    const first = (await feed()).feed.entry?.map((e) => e.id);
    const { app: restarted } = await testApp(index, {
      history: createHistoryService(join(repo, "corpus")),
      now,
    });
    const again = parser.parse((await request(restarted).get("/feeds/changes.atom")).text) as {
      feed: { entry: { id: string }[] };
    };
    expect(first?.length).toBeGreaterThan(0);
    expect(again.feed.entry.map((e) => e.id)).toEqual(first);
  });

  it("is advertised by the country and article pages", async () => {
    const page = await request(app).get("/countries/GE");
    expect(page.text).toMatch(
      /<link rel="alternate" type="application\/atom\+xml" href="\/feeds\/changes\.atom\?country(=|&#x3D;)GE"/,
    );
    const article = await request(app).get("/articles/29");
    expect(article.text).toMatch(
      /type="application\/atom\+xml" href="\/feeds\/changes\.atom\?article(=|&#x3D;)29"/,
    );
  });
});

describe("where history is not available", () => {
  it("says so plainly for a corpus outside git, and the rest works", async () => {
    const plain = await copyToTemp(join(FIXTURES, "corpus-basic"));
    try {
      const { app: noGit } = await testApp(index, { history: createHistoryService(plain), now });
      const page = await request(noGit).get("/countries/GE/articles/29/history");
      expect(page.status).toBe(200);
      expect(page.text).toContain("History is not available on this server");
      expect(page.text).toContain("not in a git work tree");
      const at = await request(noGit).get("/api/countries/GE?at=2016-01-01");
      expect(at.status).toBe(400);
      expect(at.body.error.message).toContain("history is not available here");
      expect((await request(noGit).get("/countries/GE")).status).toBe(200);
    } finally {
      await removeDir(plain);
    }
  });

  it("says so for a shallow clone", async () => {
    const clone = join(repo, "..", `${index}-shallow`);
    await run("git", ["clone", "-q", "--depth", "1", `file://${repo}`, clone]);
    try {
      const { app: shallow } = await testApp(index, {
        history: createHistoryService(join(clone, "corpus")),
        now,
      });
      const res = await request(shallow).get("/api/countries/GE/articles/29/history");
      expect(res.body).toMatchObject({ available: false, versions: [] });
      expect(res.body.message).toContain("shallow clone");
    } finally {
      await removeDir(clone);
    }
  });
});
