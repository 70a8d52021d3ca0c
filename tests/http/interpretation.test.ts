import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import {
  dropIndex,
  publishFolder,
  removeDir,
  sharedIndex,
  testApp,
  uniqueIndex,
} from "../setup/helpers.js";
import { HOSTILE_REPORT_TEXT, interpretationCorpus } from "../setup/interpretation.js";

// The Explanatory Report and the T-CY Guidance Notes beside each article: on the article page,
// in the request drafts' side panel, on the Guidance Notes page and in the search, with their
// JSON twins; and what each says when nothing is recorded.

const index = uniqueIndex("interpretation");
let dir = "";
let app: express.Express;
let bare: express.Express;

beforeAll(async () => {
  dir = await interpretationCorpus();
  await publishFolder(dir, index);
  ({ app } = await testApp(index));
  ({ app: bare } = await testApp(sharedIndex("basic")));
});

afterAll(async () => {
  await dropIndex(index);
  await removeDir(dir);
});

describe("the article page", () => {
  it("summarises the Explanatory Report's paragraphs on the article, with a link to the Report", async () => {
    const res = await request(app).get("/articles/29").expect(200);
    expect(res.text).toContain(
      '<h2 id="er-title"><a class="anchor" href="#explanatory-report">Explanatory Report</a></h2>',
    );
    expect(res.text).toContain(
      "<div><dt>¶¶282–283</dt><dd>Preservation is a provisional measure pending a formal request for the data.</dd></div>",
    );
    // Corpus text is escaped, never rendered as markup.
    expect(res.text).toContain("Requests must say &lt;i&gt;why&lt;/i&gt; the data could be lost.");
    expect(res.text).not.toContain(HOSTILE_REPORT_TEXT);
    expect(res.text).toContain(
      'Read the Report: <a href="https://treaty.example.org/185/explanatory-report" rel="noopener noreferrer">Fixture Explanatory Report</a>',
    );
  });

  it("shows the Guidance Notes that concern the article with number, title, adoption date and gist", async () => {
    const res = await request(app).get("/articles/29").expect(200);
    expect(res.text).toContain(
      '<h3 id="h-gn-7"><a href="/guidance-notes#gn-7">Guidance Note 7 – Preservation across borders</a></h3>',
    );
    expect(res.text).toContain(
      '<p class="analysis-meta">Adopted 1 June 2016 · Fixture Committee (T-CY)</p>',
    );
    expect(res.text).toContain("Preservation requests should be answered within hours");
    expect(res.text).not.toContain("Guidance Note 10");
  });

  it("says plainly when no paragraph and no Note is recorded", async () => {
    const res = await request(app).get("/articles/31").expect(200);
    expect(res.text).toContain(
      '<p class="missing">No paragraph of the Explanatory Report is summarised for Article 31 yet.</p>',
    );
    expect(res.text).toContain(
      '<p class="missing">No T-CY Guidance Note concerning Article 31 is recorded in this knowledge base.</p>',
    );
    // The Report is still one link away.
    expect(res.text).toContain(
      'Read the Report: <a href="https://treaty.example.org/185/explanatory-report"',
    );
  });

  it("offers no Report link when the corpus names no Explanatory Report", async () => {
    const res = await request(bare).get("/articles/29").expect(200);
    expect(res.text).toContain(
      "No paragraph of the Explanatory Report is summarised for Article 29 yet.",
    );
    expect(res.text).not.toContain("Read the Report");
  });

  it("answers the same in JSON", async () => {
    const res = await request(app).get("/api/articles/29").expect(200);
    expect(res.body.explanatoryReport).toEqual({
      report: expect.objectContaining({ id: "fx-er", official: true }),
      paragraphs: [
        {
          paragraphs: "282-283",
          label: "¶¶282–283",
          text: "Preservation is a provisional measure pending a formal request for the data.",
        },
        { paragraphs: "285, 287", label: "¶¶285, 287", text: HOSTILE_REPORT_TEXT },
      ],
    });
    expect(res.body.guidanceNotes).toEqual([
      expect.objectContaining({
        number: 7,
        title: "Preservation across borders",
        adopted: "2016-06-01",
        document: null,
        articles: [16, 29],
        url: "/guidance-notes#gn-7",
      }),
    ]);
    const none = await request(app).get("/api/articles/31").expect(200);
    expect(none.body.explanatoryReport.paragraphs).toEqual([]);
    expect(none.body.guidanceNotes).toEqual([]);
  });
});

describe("the Guidance Notes page", () => {
  it("lists every Note by number, each anchored, with the articles it concerns", async () => {
    const res = await request(app).get("/guidance-notes").expect(200);
    const seven = res.text.indexOf('<section id="gn-7"');
    const ten = res.text.indexOf('<section id="gn-10"');
    expect(seven).toBeGreaterThan(0);
    expect(ten).toBeGreaterThan(seven);
    expect(res.text).toContain(
      '<p class="analysis-meta">Adopted 28 February 2017 · T-CY(2015)16 · Concerns <a href="/articles/18">Art. 18 – Production order</a></p>',
    );
    expect(res.text).toContain(
      '<a href="/articles/16">Art. 16 – Expedited preservation of stored computer data</a>, <a href="/articles/29">',
    );
    expect(res.text).toContain("<strong>Guidance Note 2</strong> is known by title only.");
    expect(res.text).toContain("Fixture notes; their texts were read for this fixture.");
    expect(res.text).toContain(
      '<link rel="alternate" type="application/json" href="/api/guidance-notes">',
    );
  });

  it("answers the same in JSON", async () => {
    const res = await request(app).get("/api/guidance-notes").expect(200);
    expect(res.body.count).toBe(2);
    expect(res.body.collections).toHaveLength(1);
    const [collection] = res.body.collections;
    expect(collection).toMatchObject({
      instrument: "bc",
      instrumentShort: "Budapest Convention",
      body: "Fixture Committee (T-CY)",
    });
    expect(collection.notes.map((n: { number: number }) => n.number)).toEqual([7, 10]);
    expect(collection.notes[1]).toMatchObject({
      anchor: "gn-10",
      document: "T-CY(2015)16",
      articleLinks: [{ number: 18, title: "Production order", url: "/articles/18" }],
    });
  });

  it("says so when no Guidance Note is recorded", async () => {
    const res = await request(bare).get("/guidance-notes").expect(200);
    expect(res.text).toContain(
      '<p class="missing">No Guidance Note is recorded in this knowledge base.</p>',
    );
    const json = await request(bare).get("/api/guidance-notes").expect(200);
    expect(json.body).toEqual({ count: 0, collections: [] });
  });
});

describe("search", () => {
  it("finds Guidance Notes as their own kind, and through the article facet", async () => {
    const all = await request(app).get("/api/search").query({ kind: "guidance-note" }).expect(200);
    expect(all.body.hits.map((h: { id: string }) => h.id).sort()).toEqual(["gn-bc-10", "gn-bc-7"]);
    const on29 = await request(app)
      .get("/api/search")
      .query({ article: "29", kind: "guidance-note" })
      .expect(200);
    expect(on29.body.hits).toEqual([
      expect.objectContaining({
        id: "gn-bc-7",
        kind: "guidance-note",
        url: "/guidance-notes#gn-7",
        articles: [16, 29],
      }),
    ]);
    const page = await request(app)
      .get("/search")
      .query({ q: "subscriber information" })
      .expect(200);
    expect(page.text).toContain('<span class="kind">Guidance Note</span>');
  });

  it("finds an article through what the Explanatory Report says of it", async () => {
    const res = await request(app)
      .get("/api/search")
      .query({ q: "provisional measure pending", kind: "article" })
      .expect(200);
    expect(res.body.hits[0]?.id).toBe("bc-art-29");
    // Without the Report's summaries the same words do not lead there.
    const without = await request(bare)
      .get("/api/search")
      .query({ q: "provisional", kind: "article" })
      .expect(200);
    expect(without.body.hits.map((h: { id: string }) => h.id)).not.toContain("bc-art-29");
  });
});

describe("the request drafts' side panel", () => {
  it("shows the Report's paragraphs and the Notes on Article 29 beside a preservation request", async () => {
    const res = await request(app)
      .get("/requests/new")
      .query({ type: "preservation", to: "GE" })
      .expect(200);
    expect(res.text).toContain(
      '<h2 id="reading-title" class="aside-title">Reading Article 29</h2>',
    );
    expect(res.text).toContain(
      "<li><strong>¶¶282–283</strong>: Preservation is a provisional measure pending a formal request for the data.</li>",
    );
    expect(res.text).toContain(
      '<li><a href="/guidance-notes#gn-7">Guidance Note 7 – Preservation across borders</a>, adopted 1 June 2016: ',
    );
    expect(res.text).toContain(
      '<a href="https://treaty.example.org/185/explanatory-report" rel="noopener noreferrer">Read the Explanatory Report</a>',
    );
  });

  it("says when nothing is recorded for Article 31", async () => {
    const res = await request(app)
      .get("/requests/new")
      .query({ type: "stored-data", to: "MD" })
      .expect(200);
    expect(res.text).toContain(
      '<h2 id="reading-title" class="aside-title">Reading Article 31</h2>',
    );
    expect(res.text).toContain(
      '<p class="missing small">No paragraph of the Report is summarised for Art. 31 yet.</p>',
    );
    expect(res.text).toContain(
      '<p class="missing small">No Guidance Note concerning Art. 31 is recorded.</p>',
    );
  });

  it("keeps the panel when the form comes back with errors", async () => {
    const res = await request(app)
      .post("/requests/draft")
      .type("form")
      .send({ type: "preservation", to: "GE", action: "preview" })
      .expect(422);
    expect(res.text).toContain("Reading Article 29");
    expect(res.text).toContain("Guidance Note 7 – Preservation across borders");
  });

  it("gives the same in the form's JSON", async () => {
    const res = await request(app)
      .get("/api/requests/new")
      .query({ type: "preservation", to: "GE" })
      .expect(200);
    expect(res.body.interpretation).toMatchObject({
      article: 29,
      explanatoryReport: { paragraphs: [{ label: "¶¶282–283" }, { label: "¶¶285, 287" }] },
      guidanceNotes: [{ number: 7 }],
    });
    const mla = await request(app)
      .get("/api/requests/new")
      .query({ type: "stored-data", to: "GE" })
      .expect(200);
    expect(mla.body.interpretation).toMatchObject({
      article: 31,
      explanatoryReport: { paragraphs: [] },
      guidanceNotes: [],
    });
  });
});

describe("a Protocol whose article titles are all unverified", () => {
  it("says so once, above the articles, instead of under every heading", async () => {
    const res = await request(app).get("/instruments/p2").expect(200);
    expect(res.text.match(/No article title below could be verified/g)).toHaveLength(1);
    expect(res.text).not.toContain("Title not verified against an official text.");
    expect(res.text).toContain(
      '<ul class="toc-articles"><li><a href="#art-1">Article 1</a></li><li><a href="#art-2">Article 2</a></li></ul>',
    );
    const json = await request(app).get("/api/instruments/p2").expect(200);
    expect(json.body.unverifiedTitles).toBe(2);
  });

  it("matches what the real Protocol's JSON says of its titles", async () => {
    const { app: real } = await testApp(sharedIndex("real"));
    const json = await request(real).get("/api/instruments/p2").expect(200);
    const page = await request(real).get("/instruments/p2").expect(200);
    const articles = json.body.articles as { titleVerified: boolean }[];
    expect(articles.length).toBeGreaterThan(0);
    const all = json.body.unverifiedTitles === articles.length;
    expect(page.text.includes("No article title below could be verified")).toBe(all);
    expect(page.text.match(/Title not verified against an official text\./g)?.length ?? 0).toBe(
      all ? 0 : json.body.unverifiedTitles,
    );
  });
});
