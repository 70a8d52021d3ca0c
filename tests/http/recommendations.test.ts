import { parse } from "csv-parse/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { testApp } from "../setup/helpers.js";
import { sharedIndex } from "../setup/helpers.js";

// The fixture corpus has known histories (tests/fixtures/corpus-basic/followup/fixture.md):
// FX-01/GE: in-progress 2015-10-01, draft-prepared 2016-02-01, adopted 2016-02-01 (same day, later row)
// FX-02/MD: implemented 2015-12-01. Nothing else. FX-01 has a target date of 2020-12-31.
let index = "";
let app: express.Express;

beforeAll(async () => {
  index = sharedIndex("basic");
  // A fixed "today" so that overdue and the last year of the chart are stable.
  ({ app } = await testApp(index, { now: () => new Date("2026-06-01T12:00:00Z") }));
});

type Cell = {
  country: string;
  addressed: boolean;
  status: string | null;
  date: string | null;
  overdue: boolean;
  changedSince: boolean;
};
const cells = (body: { rows: { id: string; cells: Cell[] }[] }) =>
  Object.fromEntries(body.rows.flatMap((r) => r.cells.map((c) => [`${r.id}/${c.country}`, c])));

describe("current status", () => {
  it("is the latest entry, same-day entries counting in file order; no entry is no information", async () => {
    const res = await request(app).get("/api/recommendations");
    expect(res.status).toBe(200);
    const c = cells(res.body);
    expect(c["FX-01/GE"]).toMatchObject({ addressed: true, status: "adopted", date: "2016-02-01" });
    expect(c["FX-01/MD"]).toMatchObject({ addressed: true, status: "no-information", date: null });
    expect(c["FX-01/BY"]).toMatchObject({ addressed: false, status: null });
    expect(c["FX-02/MD"]).toMatchObject({
      addressed: true,
      status: "implemented",
      date: "2015-12-01",
    });
    expect(c["FX-02/BY"]).toMatchObject({ addressed: true, status: "no-information" });
  });

  it("flags as overdue what passed its target date without being implemented", async () => {
    const c = cells((await request(app).get("/api/recommendations")).body);
    expect(c["FX-01/GE"]?.overdue).toBe(true);
    expect(c["FX-01/MD"]?.overdue).toBe(true);
    expect(c["FX-02/MD"]?.overdue).toBe(false);
    const only = await request(app).get("/api/recommendations?overdue=1");
    expect(only.body.rows.map((r: { id: string }) => r.id)).toEqual(["FX-01"]);
  });

  it("asks for overdue OR no follow-up in one filter", async () => {
    const ids = async (query: string) =>
      (await request(app).get(`/api/recommendations?${query}`)).body.rows.map(
        (r: { id: string }) => r.id,
      );
    // In Belarus FX-01 is not addressed and FX-02 has no entry; in Georgia FX-01 is overdue.
    expect(await ids("country=BY&attention=overdue")).toEqual([]);
    expect(await ids("country=BY&attention=no-followup")).toEqual(["FX-02"]);
    expect(await ids("country=GE&attention=no-followup")).toEqual(["FX-02"]);
    expect(await ids("country=GE&attention=overdue")).toEqual(["FX-01"]);
    expect(await ids("country=GE&attention=overdue&attention=no-followup")).toEqual([
      "FX-01",
      "FX-02",
    ]);
    expect(await ids("country=GE&attention=overdue,no-followup")).toEqual(["FX-01", "FX-02"]);
    // `overdue=1` is the same as attention=overdue.
    expect(await ids("country=GE&overdue=1")).toEqual(["FX-01"]);
    const page = await request(app).get("/recommendations?attention=no-followup");
    expect(page.text).toMatch(/name="attention" value="no-followup" checked/);
    const bad = await request(app).get("/api/recommendations?attention=late");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("expected one of overdue, no-followup");
  });

  it("says a cell is not addressed to the country, not that the country did nothing", async () => {
    const page = await request(app).get("/recommendations");
    expect(page.text).toContain('<span class="not-addressed">Not addressed to this country</span>');
    expect(page.text).not.toMatch(/>Not addressed</);
  });

  it("filters by country, status, article and source", async () => {
    expect(
      (await request(app).get("/api/recommendations?country=BY")).body.rows.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual(["FX-02"]);
    expect(
      (await request(app).get("/api/recommendations?status=implemented")).body.rows.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual(["FX-02"]);
    expect(
      (await request(app).get("/api/recommendations?article=29")).body.rows.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual(["FX-01"]);
    expect((await request(app).get("/api/recommendations?source=fx-news")).body.rows).toHaveLength(
      2,
    );
  });
});

describe("changes since a date", () => {
  it("marks cells with an entry dated after `since`", async () => {
    const c = cells((await request(app).get("/api/recommendations?since=2015-12-31")).body);
    expect(c["FX-01/GE"]?.changedSince).toBe(true);
    expect(c["FX-02/MD"]?.changedSince).toBe(false);
    const page = await request(app).get("/recommendations?since=2015-12-31");
    expect(page.text).toContain("a follow-up entry dated after 31 December 2015");
    expect(page.text.match(/flag flag-changed/g)).toHaveLength(1);
  });

  it("lists every entry after the day, grouped by country, newest first", async () => {
    const res = await request(app).get("/api/recommendations/changes?since=2015-11-01");
    const byCountry = Object.fromEntries(
      res.body.countries.map((g: { code: string; entries: { date: string; status: string }[] }) => [
        g.code,
        g.entries.map((e) => `${e.date} ${e.status}`),
      ]),
    );
    expect(byCountry).toEqual({
      BY: [],
      GE: ["2016-02-01 adopted", "2016-02-01 draft-prepared"],
      MD: ["2015-12-01 implemented"],
    });
  });

  it("takes the date from a working-group meeting (entries after its last day)", async () => {
    const res = await request(app).get("/api/recommendations/changes?meeting=fx-first");
    expect(res.body.since).toBe("2015-09-11");
    expect(res.body.countries.find((g: { code: string }) => g.code === "GE").entries).toHaveLength(
      3,
    );
    const latest = await request(app).get("/api/recommendations/changes");
    expect(latest.body).toMatchObject({ since: "2016-03-02", meeting: "fx-second" });
  });

  it("shows the history of one recommendation per country with new entries marked", async () => {
    const res = await request(app).get("/api/recommendations/FX-01?since=2016-01-01");
    const ge = res.body.countries.find((c: { country: string }) => c.country === "GE");
    expect(
      ge.history.map((e: { date: string; status: string; newSince: boolean }) => [
        e.date,
        e.status,
        e.newSince,
      ]),
    ).toEqual([
      ["2015-10-01", "in-progress", false],
      ["2016-02-01", "draft-prepared", true],
      ["2016-02-01", "adopted", true],
    ]);
    expect(res.body.countries.find((c: { country: string }) => c.country === "MD")).toMatchObject({
      status: "no-information",
      history: [],
    });
    const page = await request(app).get("/recommendations/FX-01");
    expect(page.text).toContain(
      "No information: no follow-up entry documented by a public source.",
    );
    expect(page.text).toContain('href="/articles/29"');
    expect(page.text).toContain(
      "this knowledge base's own: the source report's numbering could not be verified",
    );
  });
});

describe("charts", () => {
  it("show in SVG exactly the numbers of the tables beside them", async () => {
    const page = await request(app).get("/recommendations");
    for (const id of ["chart-country", "chart-time"]) {
      const svg =
        new RegExp(`<svg class="chart" id="${id}"[\\s\\S]*?</svg>`).exec(page.text)?.[0] ?? "";
      expect(svg).toContain(`<title id="${id}-title">`);
      expect(svg).toContain(`<desc id="${id}-desc">`);
      expect(svg).toContain('role="img"');
      const fromSvg: Record<string, number> = {};
      for (const m of svg.matchAll(
        /data-group="([^"]+)" data-series="([^"]+)" data-count="(\d+)"/g,
      ))
        fromSvg[`${m[1]}|${m[2]}`] = Number(m[3]);
      const table =
        new RegExp(
          `<table class="data-table chart-table" id="${id}-table">([\\s\\S]*?)</table>`,
        ).exec(page.text)?.[1] ?? "";
      const fromTable: Record<string, number> = {};
      for (const row of table.matchAll(/<tr><th scope="row">([^<]+)<\/th>([\s\S]*?)<\/tr>/g)) {
        for (const cell of (row[2] ?? "").matchAll(/data-series="([^"]+)">(\d+)</g)) {
          if (Number(cell[2]) > 0) fromTable[`${row[1]}|${cell[1]}`] = Number(cell[2]);
        }
      }
      expect(Object.keys(fromSvg).length).toBeGreaterThan(0);
      expect(fromSvg).toEqual(fromTable);
    }
    const json = (await request(app).get("/api/recommendations")).body.charts;
    expect(
      json.byCountry.find((g: { label: string }) => g.label === "Georgia").counts,
    ).toMatchObject({ adopted: 1, "no-information": 1 });
    expect(json.overTime.map((g: { label: string }) => g.label)).toEqual([
      "2015",
      "2016",
      "2017",
      "2018",
      "2019",
      "2020",
      "2021",
      "2022",
      "2023",
      "2024",
      "2025",
      "2026 (to date)",
    ]);
    expect(json.overTime[0].counts).toMatchObject({
      "in-progress": 1,
      implemented: 1,
      "no-information": 3,
    });
    expect(json.overTime[1].counts).toMatchObject({
      adopted: 1,
      implemented: 1,
      "no-information": 3,
    });
  });
});

describe("exports", () => {
  it("exports the matrix with the same filters as CSV", async () => {
    const res = await request(app).get("/recommendations.csv?country=GE");
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(
      rows.map((r) => [
        r["recommendation"],
        r["country"],
        r["status"],
        r["last_followup_date"],
        r["target"],
        r["overdue"],
      ]),
    ).toEqual([
      ["FX-01", "GE", "adopted", "2016-02-01", "2020-12-31", "yes"],
      ["FX-02", "GE", "no-information", "", "", "no"],
    ]);
    // The recommendation's own words and its report travel with every row.
    expect(rows[0]?.["text"]).toBe(
      "Parties should be able to preserve data quickly when another Party asks.",
    );
    expect(rows[1]?.["text"]).toBe(
      "The 24/7 point should be able to act on preservation requests itself.",
    );
    expect(rows.every((r) => r["report"] !== undefined && r["report"] !== "")).toBe(true);
    expect(rows[0]?.["last_followup_event"]).not.toBe("");
  });

  it("exports only what the attention filter keeps", async () => {
    const res = await request(app).get("/recommendations.csv?attention=no-followup&country=BY");
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r["recommendation"], r["country"], r["status"]])).toEqual([
      ["FX-02", "BY", "no-information"],
    ]);
  });

  it("exports one recommendation's history as CSV", async () => {
    const res = await request(app).get("/recommendations/FX-01.csv");
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r["country"], r["date"], r["status"]])).toEqual([
      ["GE", "2015-10-01", "in-progress"],
      ["GE", "2016-02-01", "draft-prepared"],
      ["GE", "2016-02-01", "adopted"],
      ["MD", "", "no-information"],
    ]);
  });
});

describe("bad input", () => {
  it.each([
    ["/recommendations?since=2026-02-30", 400, "2026-02-30 is not a real calendar date"],
    ["/recommendations?since=yesterday", 400, "`yesterday` is not a date written YYYY-MM-DD"],
    ["/recommendations?since=2016-01-01&meeting=fx-first", 400, "give either `since` or `meeting`"],
    ["/recommendations?meeting=nowhere", 400, "unknown meeting `nowhere`"],
    ["/recommendations?country=ZZ", 400, "unknown country `ZZ`"],
    ["/recommendations?status=finished", 400, "`status.0`: expected one of"],
    ["/recommendations?source=unknown-report", 400, "unknown source `unknown-report`"],
    ["/recommendations?article=99", 400, "article 99 is outside the Convention's 1–48"],
    ["/recommendations/changes?since=2015-13-01", 400, "2015-13-01 is not a real calendar date"],
    ["/recommendations/FX-99", 404, "There is no recommendation `FX-99`."],
    ["/recommendations/FX-99.csv", 404, "There is no recommendation `FX-99`."],
    ["/recommendations/FX-01?since=2016-02-30", 400, "is not a real calendar date"],
  ])("%s → %i", async (path, status, message) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(status);
    const json = await request(app)
      .get(path.replace(/^\/recommendations/, "/api/recommendations").replace(".csv", ""))
      .set("Accept", "application/json");
    expect(json.status).toBe(status);
    expect(json.body.error.message).toContain(message);
  });
});

describe("on the real corpus, where no recommendation has a target date", () => {
  let real: express.Express;
  beforeAll(async () => {
    ({ app: real } = await testApp(sharedIndex("real")));
  });

  it("says why the overdue filter finds nothing", async () => {
    const api = await request(real).get("/api/recommendations?attention=overdue");
    expect(api.body.withTarget).toBe(0);
    expect(api.body.rows).toEqual([]);
    expect(api.body.notices).toEqual([
      "No recommendation in this knowledge base has a target date, so none can be overdue: the overdue filter finds nothing by itself.",
    ]);
    const page = await request(real).get("/recommendations?attention=overdue");
    expect(page.text).toContain(
      '<p class="notice" role="status">No recommendation in this knowledge base has a target date, so none can be overdue: the overdue filter finds nothing by itself.</p>',
    );
    const plain = await request(real).get("/recommendations");
    expect(plain.text).toContain(
      '<p class="hint" id="no-targets">No recommendation here has a target date, so none can be overdue.</p>',
    );
  });

  it("still finds the recommendations without follow-up when asked for either", async () => {
    const api = await request(real).get(
      "/api/recommendations?attention=overdue&attention=no-followup",
    );
    expect(api.body.rows.length).toBeGreaterThan(0);
    for (const row of api.body.rows as { cells: { addressed: boolean; status: string }[] }[])
      expect(row.cells.some((c) => c.addressed && c.status === "no-information")).toBe(true);
  });
});
