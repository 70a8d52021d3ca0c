import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { sharedIndex, testApp } from "../setup/helpers.js";

// The project's workplan (corpus/project/workplan.md) on the real corpus: planned dates from the
// workplan, held only where another source confirms it, indicators counted from 1 May 2015.
let app: express.Express;
let basic: express.Express;

beforeAll(async () => {
  ({ app } = await testApp(sharedIndex("real")));
  ({ app: basic } = await testApp(sharedIndex("basic")));
});

interface Activity {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  planned: { start: string; end: string | null; label: string; place: string | null }[];
  evidence: { start: string; label: string; sources: { id: string }[] } | null;
  countries: string[];
}
interface Project {
  counts: Record<string, number>;
  indicators: {
    id: string;
    month: number;
    targetMonth: string;
    targetDate: string;
    countries: {
      code: string;
      summary: string;
      byTarget: { date: string }[];
      afterTarget: { date: string; recommendation: string }[];
    }[];
  }[];
  results: { number: number; activities: Activity[] }[];
  sources: { id: string; url: string; official: boolean; publisher: string }[];
}

/** How Handlebars writes a URL in an attribute. */
const attr = (url: string) => url.replace(/=/g, "&#x3D;");

const project = async () => (await request(app).get("/api/project").expect(200)).body as Project;
const activities = (p: Project) => p.results.flatMap((r) => r.activities);

describe("the workplan page", () => {
  it("shows the project, its three results with a timeline each, and the indicators", async () => {
    const res = await request(app).get("/project");
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/html");
    expect(res.text).toContain("<h1>Cybercrime@EAP II: summary and workplan</h1>");
    expect(res.text).toContain("1 May 2015 – 31 December 2017 (32 months)");
    for (const n of [1, 2, 3]) {
      expect(res.text).toContain(`id="h-result-${n}"`);
      expect(res.text).toMatch(
        new RegExp(`<svg class="chart timeline-chart" id="timeline-${n}" role="img"`),
      );
    }
    expect(res.text).toContain("Target: by month 24 (April 2017), that is by 30 April 2017.");
    expect(res.text).toContain("Target: by month 30 (October 2017), that is by 31 October 2017.");
    expect(res.text).toContain(
      '<link rel="alternate" type="application/json" href="/api/project">',
    );
  });

  it("marks in words which activities a source confirms and which are only planned", async () => {
    const res = await request(app).get("/project");
    const row = (number: string) =>
      new RegExp(
        `<tr class="depth-\\d[^"]*" data-status="(\\w+)">\\s*<th scope="row"><a href="/project/activities/${number.replace(/\./g, "\\.")}">`,
      ).exec(res.text)?.[1];
    expect(row("1.2.1")).toBe("held");
    expect(row("1.2.2")).toBe("planned");
    expect(row("1.2.3")).toBe("planned");
    expect(res.text).toContain(
      '<span class="status status-planned"><span class="status-icon" aria-hidden="true"></span>Planned</span>',
    );
    expect(res.text).toContain(
      '<span class="status status-held"><span class="status-icon" aria-hidden="true"></span>Held</span>',
    );
    expect(res.text).toContain(
      '<span class="status status-held"><span class="status-icon" aria-hidden="true"></span>Done</span>',
    );
  });

  it("draws each planned period and each confirmed one as a bar with its dates in words", async () => {
    const res = await request(app).get("/project");
    expect(res.text).toContain(
      'data-kind="planned"><title>1.2.2 planned: 14–16 December 2015, Tbilisi, Georgia</title>',
    );
    expect(res.text).toContain(
      'data-kind="held"><title>1.2.1 held: 9–11 September 2015, Bucharest (confirmed by a source)</title>',
    );
    expect(res.text).toContain(
      'data-kind="held"><title>1.3.3 done: 2016 (confirmed by a source)</title>',
    );
  });
});

describe("the workplan's data", () => {
  it("cites the workplan as an official Council of Europe source at the project's page", async () => {
    const p = await project();
    expect(p.sources).toEqual([
      expect.objectContaining({
        id: "eap2-workplan",
        publisher: "Council of Europe, Cybercrime Programme Office",
        url: "https://www.coe.int/en/web/cybercrime/cybercrime-eap-ii",
        official: true,
      }),
    ]);
  });

  it("keeps the two unconfirmed meetings as planned, at the workplan's dates, citing only the workplan", async () => {
    const all = activities(await project());
    const tbilisi = all.find((a) => a.id === "1.2.2");
    const kyiv = all.find((a) => a.id === "1.2.3");
    expect(tbilisi).toMatchObject({
      status: "planned",
      evidence: null,
      planned: [{ start: "2015-12-14", end: "2015-12-16", place: "Tbilisi, Georgia" }],
    });
    expect(kyiv).toMatchObject({
      status: "planned",
      evidence: null,
      planned: [{ start: "2016-04-04", end: "2016-04-05", place: "Kyiv, Ukraine" }],
    });
    const page = await request(app).get("/api/project/activities/1.2.2").expect(200);
    expect(page.body.sources.map((s: { id: string }) => s.id)).toEqual(["eap2-workplan"]);
  });

  it("marks held only what another source confirms, and names that source", async () => {
    const all = activities(await project());
    const held = all.filter((a) => a.status !== "planned");
    expect(held.map((a) => a.id).sort()).toEqual(["1.2.1", "1.3.3", "2.3.3", "2.3.4.2", "3.2.6"]);
    for (const a of held) {
      expect(a.evidence?.sources.length, a.id).toBeGreaterThan(0);
      expect(
        a.evidence?.sources.map((s) => s.id),
        a.id,
      ).not.toContain("eap2-workplan");
    }
    expect(all.find((a) => a.id === "1.2.1")?.evidence).toMatchObject({
      start: "2015-09-09",
      label: "9–11 September 2015",
      sources: [expect.objectContaining({ id: "rec-coe-eap2-bucharest-2015" })],
    });
  });

  it("counts the targets in project months from 1 May 2015", async () => {
    const p = await project();
    const byId = Object.fromEntries(p.indicators.map((i) => [i.id, i]));
    expect(byId["draft-amendments"]).toMatchObject({
      month: 24,
      targetMonth: "2017-04",
      targetDate: "2017-04-30",
    });
    expect(byId["mla-requests"]).toMatchObject({ month: 30, targetMonth: "2017-10" });
    expect(byId["contact-point-requests"]).toMatchObject({ month: 30, targetDate: "2017-10-31" });
  });

  it("shows per country the dated entries on draft or adopted amendments, before and after the target", async () => {
    const p = await project();
    const drafts = p.indicators.find((i) => i.id === "draft-amendments")!;
    expect(drafts.countries.map((c) => c.code)).toEqual(["AM", "AZ", "BY", "GE", "MD", "UA"]);
    const am = drafts.countries.find((c) => c.code === "AM")!;
    expect(am.byTarget).toEqual([]);
    expect(am.afterTarget.map((e) => [e.date, e.recommendation])).toEqual([
      ["2024-11-15", "KB-EAP-01"],
      ["2024-11-29", "KB-EAP-01"],
    ]);
    expect(am.summary).toBe("0 entries by 30 April 2017, 2 entries after.");
    const others = drafts.countries.filter((c) => c.code !== "AM");
    expect(others).toHaveLength(5);
    for (const c of others)
      expect(c.summary, c.code).toBe(
        "No dated follow-up entry (draft prepared, adopted or implemented).",
      );
  });

  it("says there are no public figures for request counts rather than estimating any", async () => {
    const p = await project();
    const counts = p.indicators.filter((i) => i.id !== "draft-amendments");
    expect(counts).toHaveLength(2);
    for (const indicator of counts)
      for (const c of indicator.countries) expect(c.summary).toBe("No public figures.");
  });
});

describe("an activity's page", () => {
  it("shows a held meeting with its source and links to the follow-up since it", async () => {
    const res = await request(app).get("/project/activities/1.2.1");
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      // The title is the workplan's own English, marked as such on pages in any language.
      '<h1 lang="en">First meeting of the working groups and launch of the project, Bucharest</h1>',
    );
    expect(res.text).toContain(`href="${attr("/recommendations/changes?meeting=bucharest-2015")}"`);
    expect(res.text).toContain(
      "Improving international cooperation on cybercrime in the Eastern Partnership region (Bucharest, 16 September 2015)",
    );
    expect(res.text).toContain('<a href="/project/activities/1.2">1.2</a>');
  });

  it("says of a planned activity that only the workplan names it", async () => {
    const res = await request(app).get("/project/activities/1.2.3");
    expect(res.text).toContain("Only the workplan names this activity.");
    expect(res.text).toContain("no source other than the workplan");
    expect(res.text).toContain(`href="${attr("/recommendations/changes?meeting=plan-1-2-3")}"`);
  });

  it.each([
    ["1.3.3", "/requests/new?type=stored-data"],
    ["2.3.3", "/requests/new?type=preservation"],
    ["3.1", "/countries/AM"],
    ["3.1", "/compare?countries=AM,AZ,BY,GE,MD,UA"],
    ["1.2", "/recommendations/KB-EAP-01"],
    ["2.2", "/recommendations/KB-EAP-03"],
    ["3.2.1", "/countries/BY"],
    ["1.3.4.4-ge", "/countries/GE"],
    ["3.2.6", "/articles/16"],
  ])("links activity %s to %s", async (id, href) => {
    const res = await request(app).get(`/project/activities/${id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="${attr(href)}"`);
  });

  it("answers the JSON twin with links and neighbours", async () => {
    const res = await request(app).get("/api/project/activities/1.3.4").expect(200);
    expect(res.body.children.map((c: { id: string }) => c.id)).toContain("1.3.4.4-ua");
    expect(res.body.children.map((c: { id: string }) => c.id)).toContain("1.3.4.4-ge");
    expect(res.body.parentActivity).toMatchObject({ id: "1.3" });
    const ge = await request(app).get("/api/project/activities/1.3.4.4-ge").expect(200);
    expect(ge.body).toMatchObject({ number: "1.3.4.4", countries: ["GE"] });
  });

  it.each(["9.9", "1.2.1.", "x", "%3Cscript%3E", "1.3.4.4-zz"])(
    "answers /project/activities/%s with a 404 that says how activities are numbered",
    async (id) => {
      const res = await request(app).get(`/project/activities/${id}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain("Activities are numbered as in the workplan, e.g. 1.2.1.");
      expect(res.text).not.toContain("<script>");
      const json = await request(app).get(`/api/project/activities/${id}`);
      expect(json.status).toBe(404);
      expect(json.body.error.id).toBe("not_found");
    },
  );

  it("refuses query parameters it does not take", async () => {
    const res = await request(app).get("/project?country=GE");
    expect(res.status).toBe(400);
    expect(res.text).toContain("unknown parameter");
  });
});

describe("links into the workplan", () => {
  it("from the home page", async () => {
    const res = await request(app).get("/");
    expect(res.text).toContain('<a href="/project">Cybercrime@EAP II: summary and workplan</a>');
    const json = await request(app).get("/api").expect(200);
    expect(json.body.project).toEqual({
      title: "Cybercrime@EAP II",
      period: "1 May 2015 – 31 December 2017",
      url: "/project",
    });
  });

  it("from the meetings the tracker lists, the two unconfirmed ones marked planned", async () => {
    const res = await request(app).get("/api/recommendations/changes").expect(200);
    const meetings = res.body.meetings as {
      id: string;
      planned: boolean;
      activity: string | null;
      start: string;
    }[];
    expect(meetings.filter((m) => m.planned).map((m) => [m.id, m.start, m.activity])).toEqual([
      ["plan-1-2-3", "2016-04-04", "1.2.3"],
      ["plan-1-2-2", "2015-12-14", "1.2.2"],
    ]);
    expect(meetings.find((m) => m.id === "bucharest-2015")).toMatchObject({
      planned: false,
      activity: "1.2.1",
    });
    // The default "since" stays the latest meeting a source confirms.
    expect(res.body.meeting).toBe("tbilisi-2020-02");

    const page = await request(app).get("/recommendations/changes");
    expect(page.text).toMatch(
      /<tr id="meeting-plan-1-2-2" data-planned="yes">[\s\S]*?Planned, not confirmed[\s\S]*?<a href="\/project\/activities\/1\.2\.2">Activity 1\.2\.2<\/a>/,
    );
    // The picker puts them under a heading of their own.
    expect(page.text).toMatch(
      /<optgroup label="Planned meetings \(not confirmed\)">(<option [^>]*>[^<]*<\/option>){2}<\/optgroup>/,
    );
    expect(page.text).toContain(
      '<optgroup label="Planned meetings (not confirmed)"><option value="plan-1-2-3" lang="en">',
    );
    expect(page.text).toContain(
      '<option value="plan-1-2-2" lang="en">Tbilisi, Georgia, 14–16 December 2015: Second meeting of the working groups, Tbilisi</option></optgroup>',
    );
    // In Russian the options stay the corpus's English, dates included, marked as such.
    const ru = await request(app).get("/recommendations/changes").query({ lang: "ru" });
    expect(ru.text).toContain(
      '<optgroup label="Запланированные совещания (не подтверждены)"><option value="plan-1-2-3" lang="en">',
    );
    expect(ru.text).toContain(
      '<option value="plan-1-2-2" lang="en">Tbilisi, Georgia, 14–16 December 2015: Second meeting of the working groups, Tbilisi</option>',
    );
  });

  it("from the tracker when a meeting is chosen as the date", async () => {
    const res = await request(app).get("/recommendations?meeting=bucharest-2015");
    expect(res.text).toContain('<a href="/project/activities/1.2.1">Workplan activity 1.2.1</a>');
    const planned = await request(app).get("/api/recommendations/changes?meeting=plan-1-2-2");
    expect(planned.body).toMatchObject({ since: "2015-12-16", meeting: "plan-1-2-2" });
  });

  it("finds activities in the search, as their own kind", async () => {
    const res = await request(app)
      .get("/api/search")
      .query({ q: "Tbilisi working groups", kind: "activity" })
      .expect(200);
    expect(res.body.hits.map((h: { id: string }) => h.id)).toContain("activity-1_2_2");
    expect(res.body.facets.kind.activity).toBeGreaterThan(0);
    const page = await request(app).get("/search").query({ q: "workplan Tbilisi" });
    expect(page.text).toContain('<span class="kind">Project activity</span>');
  });
});

describe("a corpus without a workplan", () => {
  it("answers /project with a 404 and shows no link to it", async () => {
    const res = await request(basic).get("/project");
    expect(res.status).toBe(404);
    expect(res.text).toContain("This knowledge base holds no project workplan.");
    expect((await request(basic).get("/api/project")).body.error.id).toBe("not_found");
    expect((await request(basic).get("/")).text).not.toContain('href="/project"');
  });
});
